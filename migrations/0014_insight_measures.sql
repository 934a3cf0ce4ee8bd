-- Measures kept as the domain defines them (src/domain/insight/measures.ts): the numerator and the
-- denominator are stored as the definition's own JSON (the denominator may be another count, e.g.
-- follow-ups per first attendance, with its own filters and "per"), and the direction in the words
-- pages show. So what an analyst writes is exactly what is kept and read back. A version's
-- valid_from is unique per code: on any date one version is in force.
alter table insight_measure drop constraint insight_measure_denominator_check;
alter table insight_measure alter column denominator type jsonb using jsonb_build_object('kind', denominator, 'per', per);
alter table insight_measure drop column per;
alter table insight_measure drop constraint insight_measure_direction_check;
alter table insight_measure add constraint insight_measure_direction_check check (direction in ('lower is better', 'higher is better', 'no judgement'));
alter table insight_measure drop constraint insight_measure_code_check;
alter table insight_measure add constraint insight_measure_code_check check (code ~ '^[a-z][a-z0-9_]{1,63}$');
alter table insight_measure add constraint insight_measure_code_valid_from_key unique (code, valid_from);

-- The secret that orders peer practices' pseudonymous labels ("Practice A", …): its own secret,
-- so that labels say nothing about patient pseudonyms and can be reshuffled on their own.
insert into installation_secret (name, secret) values ('peer_labels', md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text));

-- DEFAULT_MEASURES as version 1, in force from 2020-04-01 so that every year of data has a definition.
insert into insight_measure (code, version, name, numerator, denominator, standardisation, direction, rationale, valid_from, created_by) values
('referrals_per_1000', 1, 'Referrals per 1,000 patients',
  '{"events":"referrals"}', '{"kind":"registered_patients","per":1000}', 'indirect_age_sex', 'no judgement',
  'How often the practice refers to hospital through the gateway, allowing for the age and sex of its list. A high or low rate is a prompt to look at the referrals, not a verdict: under-referral harms patients too.',
  '2020-04-01', 'migration 0014'),
('first_outpatient_per_1000', 1, 'First outpatient attendances per 1,000 patients',
  '{"events":"first_outpatient","filters":{"pointsOfDelivery":["OPFA"]}}', '{"kind":"registered_patients","per":1000}', 'indirect_age_sex', 'no judgement',
  'New hospital outpatient appointments, the main cost that follows a referral. Compared with referrals it shows how many referrals turn into attendances.',
  '2020-04-01', 'migration 0014'),
('follow_up_per_1000', 1, 'Outpatient follow-ups per 1,000 patients',
  '{"events":"follow_up","filters":{"pointsOfDelivery":["OPFU"]}}', '{"kind":"registered_patients","per":1000}', 'indirect_age_sex', 'lower is better',
  'Repeat outpatient appointments. Many could be discharged to the practice or done by telephone; fewer follow-ups free hospital time and patients’ time.',
  '2020-04-01', 'migration 0014'),
('follow_up_to_first_ratio', 1, 'Follow-ups per first attendance',
  '{"events":"follow_up","filters":{"pointsOfDelivery":["OPFU"]}}', '{"kind":"events","events":"first_outpatient","filters":{"pointsOfDelivery":["OPFA"]}}', 'none', 'lower is better',
  'How many times patients go back after their first appointment. Contracts cap this ratio; a high ratio is often a hospital habit the practice can question.',
  '2020-04-01', 'migration 0014'),
('non_elective_per_1000', 1, 'Emergency (non-elective) admissions per 1,000 patients',
  '{"events":"non_elective","filters":{"pointsOfDelivery":["NEL"]}}', '{"kind":"registered_patients","per":1000}', 'indirect_age_sex', 'lower is better',
  'Unplanned admissions, the most expensive activity; many (falls, COPD, heart failure) can be avoided with good care in the community.',
  '2020-04-01', 'migration 0014'),
('ae_attendances_per_1000', 1, 'A&E attendances per 1,000 patients',
  '{"events":"ae_attendance","filters":{"pointsOfDelivery":["AE"]}}', '{"kind":"registered_patients","per":1000}', 'indirect_age_sex', 'lower is better',
  'Attendances at A&E. Some could have been seen in primary care; the A&E audit sheets show which.',
  '2020-04-01', 'migration 0014');
