/**
 * The portal's only script: the quick exit (button and Escape twice) and links that keep the visit
 * to one history entry. Reading needs no script.
 */
import { installQuickExit, keepOneHistoryEntry } from '../chat/visitor/quick-exit.ts';

installQuickExit();
keepOneHistoryEntry();
