/**
 * The conformance runner: JSON lines in, JSON lines out, so that any json0 implementation can be
 * checked against any other (this engine, the JavaScript engine, ot-json0). See ot-core/spec.md.
 */
@NullMarked
package org.personacollab.ot.conformance;

import org.jspecify.annotations.NullMarked;
