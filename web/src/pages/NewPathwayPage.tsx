/** /pathways/new: create a pathway (pathway.manage), with the same form that edits one. */
import { useNavigate } from 'react-router';
import { RequirePermission } from '../layout/RequirePermission.js';
import { BackLink } from '../nhsuk/BackLink.js';
import { PathwayEditor } from '../pathways/PathwayEditor.js';

/** Passed to the new pathway's page, which says it was created. */
export interface CreatedState { created: { code: string } }

export function NewPathwayPage() {
  return (
    <RequirePermission permission="pathway.manage">
      <NewPathway />
    </RequirePermission>
  );
}

function NewPathway() {
  const navigate = useNavigate();
  return (
    <>
      <BackLink to="/pathways">Back to pathways</BackLink>
      <PathwayEditor onCreated={(p) => {
        const state: CreatedState = { created: { code: p.code } };
        void navigate(`/pathways/${encodeURIComponent(p.code)}`, { state });
      }} />
    </>
  );
}
