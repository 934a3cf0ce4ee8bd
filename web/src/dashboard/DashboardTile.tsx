/**
 * One dashboard tile: its heading, the status in words (the tag's colour only repeats them), the
 * headline number and a sentence, a small chart where it helps, the figures behind it one click
 * away, and a link to the page with the detail.
 */
import { Link } from 'react-router';
import type { Tile, TileStatus } from '../api/dashboard.js';
import { Details } from '../nhsuk/Details.js';
import { SummaryList } from '../nhsuk/SummaryList.js';
import { Tag, type TagColour } from '../nhsuk/Tag.js';
import { TileChart } from './TileChart.js';

const COLOURS: Record<TileStatus, TagColour> = { green: 'green', amber: 'orange', red: 'red', neutral: 'grey' };

export function DashboardTile({ tile }: { tile: Tile }) {
  const headingId = `tile-${tile.key}`;
  return (
    <section className="nhsuk-card app-dashboard-tile" aria-labelledby={headingId} data-tile={tile.key}>
      <div className="nhsuk-card__content">
        <h2 id={headingId} className="nhsuk-card__heading nhsuk-heading-m">{tile.title}</h2>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2"><span className="nhsuk-u-visually-hidden">Status: </span><Tag colour={COLOURS[tile.status]}>{tile.statusLabel}</Tag></p>
        <p className="nhsuk-u-margin-bottom-2"><span className="app-figure">{tile.headline}</span></p>
        <p className="nhsuk-body">{tile.sentence}</p>
        {tile.chart && tile.chart.points.length > 0 && <TileChart title={tile.title} chart={tile.chart} />}
        <Details summary={`The figures: ${tile.title.toLowerCase()}`}>
          <SummaryList rows={tile.figures.map((f, i) => ({ key: `${f.label}${tile.figures.slice(0, i).some((x) => x.label === f.label) ? ` (${i})` : ''}`, value: f.value }))} />
        </Details>
        <p className="nhsuk-body nhsuk-u-margin-bottom-0">
          <Link className="nhsuk-link" to={tile.link.href}>{tile.link.text}<span className="nhsuk-u-visually-hidden"> (detail of {tile.title.toLowerCase()})</span></Link>
        </p>
      </div>
    </section>
  );
}
