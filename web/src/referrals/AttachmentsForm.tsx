/**
 * Add a file to a referral after it was sent: a letter, result or photograph that came later.
 * The referring practice and GP reviewers may (the server decides); one file per send, checked
 * here for type and size and by the server for what the bytes really are. Problems show by the
 * field and in the page's error summary.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useAddAttachment } from '../api/referrals.js';
import { formatBytes } from '../format/bytes.js';
import { Button } from '../nhsuk/Button.js';
import { FileUpload } from '../nhsuk/FileUpload.js';
import { LiveStatus } from '../nhsuk/Status.js';
import { problemsFromError, summaryItems, type ActionProps, type FieldErrors } from './actions.js';
import { ATTACHMENT_TYPES, attachmentProblem } from './referral-form.js';

/** The most files one referral carries (the server's limit). */
export const ATTACHMENTS_PER_REFERRAL = 20;

const FIELDS: Record<string, string> = { attachment: 'add-attachment' };

export function AttachmentsForm({ referral, onDone, onProblems }: ActionProps) {
  const add = useAddAttachment(referral.id);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  // Bumped after each file is added, so the file input starts empty again.
  const [added, setAdded] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  if (referral.attachments.length >= ATTACHMENTS_PER_REFERRAL) {
    return (
      <>
        <h2 id="add-attachments">Add attachments</h2>
        <p>This referral already has {ATTACHMENTS_PER_REFERRAL} attachments, the most it can carry.</p>
      </>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = file ? attachmentProblem(file) : 'Select a file to attach';
    const found: FieldErrors = problem ? { attachment: problem } : {};
    setErrors(found);
    if (problem || !file) {
      onProblems({ items: summaryItems(found, FIELDS) });
      return;
    }
    onProblems(null);
    add.mutate(file, {
      onSuccess: () => {
        setFile(null);
        setAdded((n) => n + 1);
        onDone(`${file.name} attached (${formatBytes(file.size)}).`);
      },
      onError: (error) => {
        const { fields, page } = problemsFromError(error, FIELDS);
        // The server's refusals of a file all name it; anything else (a lost connection) is said by the field too.
        const next = Object.keys(fields).length ? fields : { attachment: page.items[0]?.text ?? error.message };
        setErrors(next);
        onProblems({ items: summaryItems(next, FIELDS) });
        input.current?.focus();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-attachments">
      <h2 id="add-attachments">Add attachments</h2>
      <FileUpload key={added} id={FIELDS.attachment!} label="File to attach" labelSize="s" inputRef={input}
        hint="A letter, result or photograph: PDF, PNG or JPEG, up to 5 MB. Add one file at a time."
        accept={ATTACHMENT_TYPES.join(',')} onChange={(f) => { setFile(f); setErrors({}); }} error={errors.attachment} disabled={add.isPending} />
      <LiveStatus visuallyHidden>{add.isPending ? `Adding ${file?.name ?? 'the file'}…` : ''}</LiveStatus>
      <Button variant="secondary" disabled={add.isPending}>Add attachment</Button>
    </form>
  );
}
