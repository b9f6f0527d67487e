// The travellers entries of the navigation bar and of the home page, each shown to whom it serves.
import { hasRole } from '../../../kernel/auth.ts';
import { addHomeLink, addNav } from '../../../kernel/ui.ts';

export function travellersNavigation() {
  addNav({ href: '/applications', key: 'travellers.nav.applications', show: (u) => !!u && u.kind === 'public' });
  addNav({ href: '/vetting', key: 'travellers.nav.vetting', show: (u) => hasRole(u, 'vetting_officer') });
  addNav({ href: '/enrolment', key: 'travellers.nav.enrolment', show: (u) => hasRole(u, 'enrolment_officer') });
  addHomeLink({
    href: '/applications',
    key: 'travellers.home.apply',
    descKey: 'travellers.home.apply_desc',
    show: (u) => !u || u.kind === 'public',
  });
  addHomeLink({
    href: '/vetting',
    key: 'travellers.nav.vetting',
    descKey: 'travellers.home.vetting_desc',
    show: (u) => hasRole(u, 'vetting_officer'),
  });
  addHomeLink({
    href: '/enrolment',
    key: 'travellers.nav.enrolment',
    descKey: 'travellers.home.enrolment_desc',
    show: (u) => hasRole(u, 'enrolment_officer'),
  });
}
