-- Reviewer evidence (REF-11) finds a reviewer's triage events over a period, and the list of
-- reviewers counts each one's decisions: both by the event's actor and time.
create index referral_event_actor_at_idx on referral_event (actor, at);
