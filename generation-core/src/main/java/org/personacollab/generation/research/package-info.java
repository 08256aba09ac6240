/**
 * Research loading: turns the files a researcher brings (interview transcripts, survey exports in
 * CSV, JSON or YAML, workshop notes in Markdown or plain text) into {@link
 * org.personacollab.generation.research.ResearchDocument}s, one per file, each normalised to text
 * with its source named and, where the format has them, structured records.
 *
 * <p>The entry point is {@link org.personacollab.generation.research.ResearchLoader}. It enforces
 * the request limits before reading anything, reports every file it could not use as a {@link
 * org.personacollab.generation.research.ResearchProblem} (never skipping one silently), and fails a
 * whole request with a {@link org.personacollab.generation.research.ResearchException} carrying a
 * stable code. The per-format normalisers behind it are package-private.
 *
 * <p>This package depends on the JDK and Jackson only, so that the offline generator, the CLI and
 * the service can all share it.
 */
@NullMarked
package org.personacollab.generation.research;

import org.jspecify.annotations.NullMarked;
