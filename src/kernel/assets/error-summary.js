// A page that shows a form's error summary gives it the focus, as USWDS and GOV.UK recommend: a screen reader reads
// it first and the keyboard starts from it. Loaded only by such pages, from 'self' (no inline script under the CSP).
document.getElementById('error-summary')?.focus();
