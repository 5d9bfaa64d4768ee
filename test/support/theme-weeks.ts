/** The week of #29, as AHPs wrote it: six answers about waiting lists (one in the singular), five about staffing (three "staff", two "staffing"), one about parking. */
export const WAITING_AND_STAFFING_WEEK: readonly string[] = [
  'Waiting lists are far too long.',
  'Shorter waiting lists so patients are seen sooner.',
  'Our waiting lists keep growing every month.',
  'Patients on waiting lists get worse before we see them.',
  'We need to cut the waiting lists for children.',
  'A single waiting list across the county would be fairer.',
  'We do not have enough staff.',
  'Staff are exhausted and leaving.',
  'More staff in community teams.',
  'Safe staffing on every ward.',
  'Better staffing would fix most of this.',
  'Parking at the hospital is awful.',
];
