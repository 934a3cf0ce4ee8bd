-- The default locality commissioning plan template (PLAN-1): seed 004, the DacCom Locality
-- Commissioning Plan Template (May 2006, version 2.0), in today's words (the PCT is "the
-- commissioner", DacCom "the consortium"). Every section and question of the seed in its order,
-- keyed by the seed's numbers, each marked "for completion by" as the seed marks it (unmarked
-- questions that ask the consortium are the consortium's), with the seed's prompts as guidance.
-- Appendices 1-3 (outline business plans) and Appendix 4 (deliverables, milestones, roles and
-- responsibilities, funding, success criteria) follow the sign-off, as in the seed.
-- An administrator changes it for later years in the hub (a copy with a new from_year).

insert into plan_template (name, from_year, introduction, created_by, updated_by) values (
  'Locality commissioning plan',
  '2025/26',
  $intro$## Purpose of this document

This template helps the consortium and its practices develop a practice-based commissioning plan to be agreed with the commissioner. Agreement of the plan by the commissioner triggers the incentive payment to each practice of the consortium.

The plan is drawn up within the accountability and governance framework agreed between the consortium and the commissioner. Most practices will need significant development work to get where they want to be: the plan records the current position, how progress will be made in each area of development and by when, with the milestones that will confirm progress.

## Principles

- Front-line primary care staff and service users drive service modernisation: devolving the responsibility for commissioning services to primary care is a further shift of power to the front line.
- General practitioners and their teams are best placed to make sure services are commissioned appropriately for their patients.
- Only patients who need it are referred to secondary care; access to primary, secondary and tertiary care is timely and equitable.
- The range of services offered outside hospital broadens where appropriate.
- The consortium gives details of the agreements between its practices where they redesign or re-provide services as a group.
- The consortium takes responsibility for the care needs of its patients for every service outside those commissioned on a specialist basis, and for managing demand and monitoring activity, quality, governance and targets of the providers it commissions.
- The consortium holds an indicative budget for these services, including the prescribing budget of each practice, and commissions within the national operating framework and strategies.
- The commissioner supports the consortium and names the managers who do so.
- Whatever the management of resources, the emphasis at all times is on the quality of service.

## How the plan is organised

1. **Consortium details** and 2. **organisation**: who the consortium is, drawn from the hub.
3. **Commissioner support**: the support the consortium needs and the team that gives it.
4. **Commissioning objectives**: the key commissioning targets the consortium is responsible for, and how they were agreed within national and local policy.
5. **Budget setting**: how the budget has been determined, how it varies in the year, and how practices move toward their fair share by weighted capitation.
6. **Performance management and monitoring**: the practical steps to achieve the objectives: capacity planning, contract monitoring and negotiation, service redesign and reporting to the commissioner.
7. **Clinical governance and workforce development**: how patients and carers are involved, and the workforce skills needed.
8. **General and developmental**: how the consortium expects its plans to develop.
9. **Efficiency gains ("savings")**: how the consortium will achieve its efficiency gains and reinvest them.
10. **Sign-off** by the named signatories, then the appendices: the outline business case of each service change, deliverables and milestones, roles and responsibilities, funding and success criteria.

Write in the boxes below each question. Tables are welcome (Markdown tables), and figures such as `{{budget_total}}` are filled in from the hub's budgets and activity, and frozen when the plan is sent for sign-off.$intro$,
  'system', 'system');

insert into plan_template_section (template_id, key, part, title, guidance, completed_by, kind, sort_order)
select t.id, s.key, s.part, s.title, s.guidance, s.completed_by, s.kind, s.sort_order
from plan_template t, (values
  ('1', '1. Consortium details', 'Consortium details',
   'The consortium''s name, the number of its practices and the names of all its GP practices, drawn from the organisation register.',
   'consortium', 'practices', 10),
  ('2.1', '2. Consortium organisation', 'Directors and executive committee',
   'The consortium''s directors (name and discipline) and its executive committee, drawn from its governance bodies.',
   'consortium', 'governance', 20),
  ('2.3', '2. Consortium organisation', 'Consortium leads',
   'Please identify a lead or leads for the consortium for the following areas: clinical lead(s); managerial lead(s).',
   'consortium', 'text', 30),
  ('3.1', '3. Commissioner support', 'Resources required',
   'Please identify what staff support will be required from the commissioner for this process.',
   'consortium', 'text', 40),
  ('3.2', '3. Commissioner support', 'The commissioner''s support team',
   'The commissioner''s staff identified to support the consortium (where known): name and role.',
   'commissioner', 'text', 50),
  ('4.1', '4. Commissioning objectives', 'Access and quality targets',
   'The access and quality targets the consortium will be responsible for, and how they were agreed within national and local policy.',
   'both', 'text', 60),
  ('4.2', '4. Commissioning objectives', 'Services to be commissioned',
   'Outline the proposed service changes for the consortium: please give a brief summary for each proposed change (each has an outline business case in the appendices). Please specify what the evidence base is for each of the proposed changes. For each service, please describe how the service or patient pathway will address the commissioner''s priorities.',
   'consortium', 'text', 70),
  ('4.3', '4. Commissioning objectives', 'Referral management',
   'If changes are required to the referral pathway, how will the consortium ensure that these changes are made? How will the consortium monitor the correct use of the new pathway(s) within individual practices?',
   'consortium', 'text', 80),
  ('4.4', '4. Commissioning objectives', 'Financial targets',
   'The financial targets the consortium will be responsible for: the budget for the year and the savings it will deliver.',
   'both', 'text', 90),
  ('4.5', '4. Commissioning objectives', 'Locally agreed initiatives',
   'Initiatives agreed locally between the consortium and the commissioner.',
   'both', 'text', 100),
  ('5.1', '5. Budget setting', 'Approach to budget setting',
   'How the budget has been determined, and the method for varying it within the financial year.',
   'both', 'text', 110),
  ('5.2', '5. Budget setting', 'Financial management and governance, including risk pooling and contingency funds',
   'How the budget is managed and governed: risk pooling, contingency funds, and who decides.',
   'both', 'text', 120),
  ('5.3', '5. Budget setting', 'Fair shares weighting',
   'How practices move toward their fair-share funding target, based on weighted capitation.',
   'commissioner', 'text', 130),
  ('5.4', '5. Budget setting', 'Resource identification',
   'What resources has the consortium identified from within current contract budgets? a) Financial; b) Human resources; c) Other resources.',
   'consortium', 'text', 140),
  ('5.5', '5. Budget setting', 'Additional costs',
   'If extra costs are incurred, how are resources being released to fund these?',
   'consortium', 'text', 150),
  ('6.1', '6. Performance management and monitoring', 'Capacity planning and service development',
   'The practical steps the consortium will take to achieve its commissioning objectives: capacity planning and the delivery of service redesign.',
   'both', 'text', 160),
  ('6.2', '6. Performance management and monitoring', 'Contract monitoring',
   'Contract monitoring and negotiating arrangements, and the reporting and monitoring partnership with the commissioner, including key performance indicators and milestones which will demonstrate successful implementation by the consortium.',
   'both', 'text', 170),
  ('7.1', '7. Clinical governance and workforce development', 'How will the proposed changes affect the quality of patient care in practices?',
   '', 'consortium', 'text', 180),
  ('7.2', '7. Clinical governance and workforce development', 'How will the consortium measure the effect of changes to the quality of care?',
   '', 'consortium', 'text', 190),
  ('7.3', '7. Clinical governance and workforce development', 'Outline the proposed management structure to implement the commissioning plan',
   'Include details of practice-level staff (including dedicated clinical time).',
   'consortium', 'text', 200),
  ('7.4', '7. Clinical governance and workforce development', 'How will the consortium ensure practices satisfy quality requirements and that NHS targets are fully met?',
   '', 'consortium', 'text', 210),
  ('7.5', '7. Clinical governance and workforce development', 'How will the consortium involve other professionals and stakeholders in redesigning services?',
   'Including providers (for example district nurses, health visitors and allied health professionals).',
   'consortium', 'text', 220),
  ('7.6', '7. Clinical governance and workforce development', 'How will the consortium involve patients, users and carers in planning and implementing the proposed changes?',
   'Especially the "hard to reach" groups.',
   'consortium', 'text', 230),
  ('7.7', '7. Clinical governance and workforce development', 'What are the risks of the proposed changes and how will the consortium address them?',
   '', 'consortium', 'text', 240),
  ('7.8', '7. Clinical governance and workforce development', 'What plans does the consortium have to ensure the workforce has the right skills to deliver the changes proposed?',
   '', 'consortium', 'text', 250),
  ('8.1', '8. General and developmental', 'Working collectively to change patient flows',
   'How can the consortium''s executive ensure that GPs and other healthcare professionals across the area work collectively to show they are thinking about changing patient flows, and that appropriate evidence-based primary care alternatives are accessed, used and developed?',
   'consortium', 'text', 260),
  ('8.2', '8. General and developmental', 'Training needs',
   'Outline any training needs within practices and the locality, including being able to provide the services the consortium plans to commission.',
   'consortium', 'text', 270),
  ('8.3', '8. General and developmental', 'Developmental plans for practice-based commissioning',
   'Describe the developmental plans for practice-based commissioning across the area, considering: what are the needs of the consortium and what support is required? What are the medium-term plans of the consortium?',
   'consortium', 'text', 280),
  ('8.4', '8. General and developmental', 'Electronic referral and booking',
   'How will the consortium ensure the successful use of electronic referral and booking across all practices, in line with any proposed service changes?',
   'consortium', 'text', 290),
  ('9.1', '9. The planning and use of efficiency gains ("savings")', 'Delivering efficiency gains',
   'How the consortium expects to achieve its efficiency gains target.',
   'consortium', 'text', 300),
  ('9.2', '9. The planning and use of efficiency gains ("savings")', 'Plans for reinvestment',
   'How the consortium proposes to reinvest its efficiency gains.',
   'consortium', 'text', 310),
  ('9.3', '9. The planning and use of efficiency gains ("savings")', 'Reinvestment proposals',
   'The reinvestment proposals, each with its amount and the benefit it brings.',
   'consortium', 'text', 320),
  ('10', '10. Plan sign-off', 'Plan sign-off',
   'Once completed, this plan requires the signatures of the consortium''s executive chair, the joint commissioning committee chair and the commissioner''s chief executive.',
   'both', 'signoff', 330),
  ('a1', 'Appendices', 'Outline business cases for the service changes',
   'For each proposed service change: outline; benefit to patients; estimated number of patients covered, with the minimum and maximum; evidence of clinical effectiveness; evidence of patient support; evidence of stakeholder support; costs, including any up-front investment; likely value of freed-up resources and over what timescale; links to local and national priorities; assessment of risks, including other similar local providers.',
   'consortium', 'business_cases', 340),
  ('a4.2', 'Appendices', 'Project deliverables and milestones',
   'What we will deliver and by when, as a list: "by [date] we will deliver [item]".',
   'consortium', 'milestones', 350),
  ('a4.3', 'Appendices', 'Roles and responsibilities',
   'What we expect from the commissioner; what the consortium will do; what we expect from the practices.',
   'both', 'responsibilities', 360),
  ('a4.4', 'Appendices', 'Funding',
   'How the commissioning payments are used: 75% of payments direct to practices and 25% held by the commissioner to pay invoices the consortium approves. Define the work the funding covers, and specify additional work needing additional funding identified by the commissioner.',
   'both', 'text', 370),
  ('a4.5', 'Appendices', 'Success criteria triggering the achievement payment',
   'The success criteria that trigger the achievement payment: linked to the defined project milestones, not to savings achieved.',
   'both', 'text', 380)
) as s (key, part, title, guidance, completed_by, kind, sort_order)
where t.from_year = '2025/26';
