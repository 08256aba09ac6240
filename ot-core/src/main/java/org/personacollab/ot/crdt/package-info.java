/**
 * The offline mode's CRDT ({@code collaboration.conflict_resolution: crdt}, ADR 12): hybrid
 * logical clocks ({@link org.personacollab.ot.crdt.Hlc}, {@link org.personacollab.ot.crdt.HlcClock}),
 * a persona's state as last-writer-wins registers per field and add-wins sets per list
 * ({@link org.personacollab.ot.crdt.CrdtState}, a join semilattice), and the merge of an update into
 * a document that carries its state under {@code _crdt} ({@link org.personacollab.ot.crdt.CrdtDocument}),
 * and a client's offline queue ({@link org.personacollab.ot.crdt.CrdtReplica}).
 * Plain Java like the rest of ot-core: no I/O, no clocks read behind the caller's back.
 */
@NullMarked
package org.personacollab.ot.crdt;

import org.jspecify.annotations.NullMarked;
