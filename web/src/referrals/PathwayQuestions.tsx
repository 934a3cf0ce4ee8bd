/** The chosen pathway's questions, each as the input its criterion asks for, and what it excludes. */
import type { Pathway } from '../api/types.js';
import { DateInput, EMPTY_DATE } from '../nhsuk/DateInput.js';
import { Fieldset } from '../nhsuk/Fieldset.js';
import { InsetText } from '../nhsuk/InsetText.js';
import { Radios } from '../nhsuk/Radios.js';
import { TextInput } from '../nhsuk/TextInput.js';
import { answerFieldId, type Answer, type Question } from './referral-form.js';

export function PathwayQuestions({ pathway, questions, answers, problems, onChange }: {
  pathway: Pathway;
  questions: Question[];
  answers: Record<string, Answer>;
  problems: Record<string, string>;
  onChange: (key: string, answer: Answer) => void;
}) {
  const excluded = pathway.criteria.filter((c) => c.kind === 'excluded_diagnosis');
  return (
    <div className="app-pathway-questions">
      <Fieldset legend={`${pathway.name}: pathway questions`} legendSize="s">
        {pathway.description && <p className="nhsuk-body-s app-secondary">{pathway.description}</p>}
        <p className="nhsuk-body-s">Answer what you can: the reviewer sees which of the pathway’s criteria the referral meets and which it misses.</p>
        {questions.map((q) => {
          const id = answerFieldId(q.key);
          const error = problems[`clinicalInfo.${q.key}`] ?? null;
          const answer = answers[q.key];
          if (q.type === 'yes-no') {
            return (
              <Radios
                key={q.key}
                name={id}
                legend={q.label}
                legendSize="s"
                hint={q.hint}
                error={error}
                inline
                small
                options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]}
                value={typeof answer === 'string' && answer ? answer : null}
                onChange={(value) => onChange(q.key, value)}
              />
            );
          }
          if (q.type === 'date') {
            return (
              <DateInput
                key={q.key}
                id={id}
                legend={q.label}
                hint={q.hint ?? 'For example, 15 3 2024'}
                error={error}
                value={answer && typeof answer !== 'string' ? answer : EMPTY_DATE}
                onChange={(value) => onChange(q.key, value)}
              />
            );
          }
          return (
            <TextInput
              key={q.key}
              id={id}
              label={q.unit ? `${q.label}, in ${q.unit}` : q.label}
              hint={q.hint}
              error={error}
              width={q.type === 'number' ? 5 : undefined}
              inputMode={q.type === 'number' ? 'decimal' : undefined}
              suffix={q.type === 'number' ? q.unit : undefined}
              autoComplete="off"
              value={typeof answer === 'string' ? answer : ''}
              onChange={(e) => onChange(q.key, e.target.value)}
            />
          );
        })}
      </Fieldset>
      {excluded.length > 0 && (
        <InsetText>
          <p>This pathway does not take:</p>
          <ul>
            {excluded.map((c) => <li key={c.id}>{c.label}{c.codes?.length ? ` (${c.codes.join(', ')})` : ''}</li>)}
          </ul>
        </InsetText>
      )}
    </div>
  );
}
