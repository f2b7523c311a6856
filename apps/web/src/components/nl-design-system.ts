/**
 * The NL Design System components this client uses, with their CSS imported one by one
 * (never the whole library). Pages import the components from here.
 */
import '@nl-design-system-candidate/button-css/button.css';
import '@nl-design-system-candidate/heading-css/heading.css';
import '@nl-design-system-candidate/link-css/link.css';
import '@nl-design-system-candidate/number-badge-css/number-badge.css';
import '@nl-design-system-candidate/paragraph-css/paragraph.css';
import '@nl-design-system-candidate/skip-link-css/skip-link.css';
import '@utrecht/alert-css/dist/index.css';
import '@utrecht/checkbox-css/dist/index.css';
import '@utrecht/form-field-css/dist/index.css';
import '@utrecht/form-field-description-css/dist/index.css';
import '@utrecht/form-fieldset-css/dist/index.css';
import '@utrecht/form-label-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';

export { Button } from '@nl-design-system-candidate/button-react';
export { Heading } from '@nl-design-system-candidate/heading-react';
export { Link as NlLink } from '@nl-design-system-candidate/link-react';
export { NumberBadge } from '@nl-design-system-candidate/number-badge-react';
export { Paragraph } from '@nl-design-system-candidate/paragraph-react';
export { SkipLink } from '@nl-design-system-candidate/skip-link-react';
