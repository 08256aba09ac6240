/**
 * A session's history: the list of its versions with who made each change and a one-line summary
 * ({@link ChangeSummary}), the document at any version still kept ({@link HistoryReader}), and
 * restoring an earlier version as a new change ({@link DocumentDiff}, {@link RestoreSubmitter}).
 */
@NullMarked
package org.personacollab.sync.history;

import org.jspecify.annotations.NullMarked;
