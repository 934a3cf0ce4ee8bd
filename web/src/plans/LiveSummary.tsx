/**
 * The parts of a plan drawn from the rest of the hub, read-only here (each is kept on its own page):
 * the group's practices, governance, roles and responsibilities, business cases, milestones and
 * the signatories. Shown as the plan has them: live for a draft, as frozen for a sent version.
 */
import { Link } from 'react-router';
import { formatPounds } from '../../../src/domain/plans/figures.js';
import { planPaths, type LiveParts, type SectionKind } from '../api/plans.js';
import { formatDate } from '../format/dates.js';
import { plural } from '../format/numbers.js';
import { Cell, HeaderCell, Table, TableBody, TableHead, TableRow } from '../nhsuk/Table.js';

const RESPONSIBILITY_HEADINGS = { commissioner: 'What we expect from the commissioner', consortium: 'What the consortium will do', practices: 'What we expect from the practices' } as const;
const words = (status: string) => status.replaceAll('_', ' ');

export function LiveSummary({ kind, live, planId, title }: { kind: Exclude<SectionKind, 'text'>; live: LiveParts; planId: number; title: string }) {
  switch (kind) {
    case 'practices':
      return (
        <Table caption={`${title}: ${plural(live.practices.length, 'practice')}`} captionSize="s">
          <TableHead><HeaderCell>Practice</HeaderCell><HeaderCell>Code</HeaderCell></TableHead>
          <TableBody>{live.practices.map((p) => <TableRow key={p.code}><Cell rowHeader>{p.name}</Cell><Cell>{p.code}</Cell></TableRow>)}</TableBody>
        </Table>
      );
    case 'governance':
      return (
        <>
          {live.governance.length === 0 && <p>No governance bodies are recorded for this group yet.</p>}
          {live.governance.map((body) => (
            <Table key={body.name} caption={body.name} captionSize="s">
              <TableHead><HeaderCell>Name</HeaderCell><HeaderCell>Role</HeaderCell><HeaderCell>Discipline</HeaderCell></TableHead>
              <TableBody>
                {body.members.map((m, i) => <TableRow key={i}><Cell rowHeader>{m.name}</Cell><Cell>{m.role}</Cell><Cell>{m.discipline}</Cell></TableRow>)}
              </TableBody>
            </Table>
          ))}
          <p><Link className="nhsuk-link" to={planPaths.governance()}>Governance bodies and members</Link></p>
        </>
      );
    case 'responsibilities':
      return (
        <>
          {live.responsibilities.length === 0 && <p>No roles and responsibilities are written yet.</p>}
          {(['commissioner', 'consortium', 'practices'] as const).map((party) => {
            const items = live.responsibilities.filter((r) => r.party === party);
            return items.length > 0 && (
              <div key={party}>
                <h4>{RESPONSIBILITY_HEADINGS[party]}</h4>
                <ul className="nhsuk-list nhsuk-list--bullet">{items.map((r, i) => <li key={i}>{r.text}</li>)}</ul>
              </div>
            );
          })}
          <p><Link className="nhsuk-link" to={planPaths.responsibilities(planId)}>Roles and responsibilities</Link></p>
        </>
      );
    case 'business_cases':
      return (
        <>
          {live.businessCases.length === 0 ? <p>No business cases yet.</p> : (
            <Table caption={`${title}: ${plural(live.businessCases.length, 'business case')}`} captionSize="s">
              <TableHead><HeaderCell>Service change</HeaderCell><HeaderCell>Patients</HeaderCell><HeaderCell numeric>Up-front investment</HeaderCell><HeaderCell>Status</HeaderCell></TableHead>
              <TableBody>
                {live.businessCases.map((c) => (
                  <TableRow key={c.id}>
                    <Cell rowHeader>{c.title}</Cell>
                    <Cell>{c.patientsMin !== null || c.patientsMax !== null ? `${c.patientsMin ?? '?'} to ${c.patientsMax ?? '?'}` : c.patientsNote || 'Not estimated'}</Cell>
                    <Cell numeric nowrap>{formatPounds(c.upfrontInvestmentPence)}</Cell>
                    <Cell>{words(c.status)}</Cell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <p><Link className="nhsuk-link" to={planPaths.businessCases(planId)}>Business cases in full</Link></p>
        </>
      );
    case 'milestones':
      return (
        <>
          {live.milestones.length === 0 ? <p>No milestones yet.</p> : (
            <Table caption={`${title}: ${plural(live.milestones.length, 'milestone')}`} captionSize="s">
              <TableHead><HeaderCell>By</HeaderCell><HeaderCell>We will deliver</HeaderCell><HeaderCell>Owner</HeaderCell><HeaderCell>Status</HeaderCell></TableHead>
              <TableBody>
                {live.milestones.map((m) => (
                  <TableRow key={m.id}>
                    <Cell rowHeader nowrap>{formatDate(m.dueOn)}</Cell>
                    <Cell>{m.deliverable}{m.triggersPayment && <><br /><span className="nhsuk-body-s app-secondary">Triggers the achievement payment</span></>}</Cell>
                    <Cell>{m.owner}</Cell>
                    <Cell>{words(m.status)}</Cell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <p><Link className="nhsuk-link" to={planPaths.milestones(planId)}>Deliverables and milestones</Link></p>
        </>
      );
    case 'signoff':
      return (
        <>
          <p>Once completed, this plan requires the signatures of:</p>
          <ul className="nhsuk-list nhsuk-list--bullet">{live.signatories.map((s) => <li key={s.roleCode}>{s.label}</li>)}</ul>
          <p><Link className="nhsuk-link" to={planPaths.signOff(planId)}>Sign-off</Link></p>
        </>
      );
  }
}
