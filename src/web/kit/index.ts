/**
 * The staff app's UI kit: every page builds its forms, tables, actions and messages from these, so
 * labels, focus, touch targets and announcements behave the same everywhere. Styles: ../styles.css.
 */
export { ActionForm, Checkbox, CheckboxField, CheckboxGroup, Field, fieldId, SelectField, TextAreaField, useAction, useFieldErrors } from './forms.tsx';
export { DataTable, type Column } from './table.tsx';
export { ActionBar, ConfirmButton } from './actions.tsx';
export { Alert, ErrorMessage, Loading, Notice } from './notices.tsx';
export { formatDate, formatDateTime, formatTime, todayIso, useApiData } from './data.ts';
