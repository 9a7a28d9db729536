/** The public directory page's only script: the quick exit (searching is a plain form, no script needed). */
import { installQuickExit } from '../../chat/visitor/quick-exit.ts';

installQuickExit();
