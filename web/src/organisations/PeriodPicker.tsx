/** Chooses which registered-population extract to show; the choice lives in the address (?period=). */
import { useState, type FormEvent } from 'react';
import { formatDate } from '../format/dates.js';
import { Button } from '../nhsuk/Button.js';
import { Select } from '../nhsuk/Select.js';

export function PeriodPicker({ id, periods, period, onChange }: {
  id: string;
  periods: string[];
  period: string;
  onChange: (period: string) => void;
}) {
  const [choice, setChoice] = useState(period);
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange(choice);
  }
  return (
    <form className="app-inline-form" onSubmit={submit} noValidate>
      <Select
        id={id}
        label="Population at"
        options={periods.map((p) => ({ value: p, text: formatDate(p) }))}
        value={choice}
        onChange={setChoice}
      />
      <Button variant="secondary" small>Show</Button>
    </form>
  );
}
