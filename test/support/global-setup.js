import { cleanUp } from './global-lifecycle.js';

export default cleanUp;
