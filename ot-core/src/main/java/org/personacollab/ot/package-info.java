/**
 * The json0 operational-transformation engine: documents are plain JSON values, ops are lists of
 * json0 components, and {@link org.personacollab.ot.Json0} applies, transforms, composes and
 * inverts them with the same results as the npm package {@code ot-json0}.
 *
 * <p>The public API is {@link org.personacollab.ot.Json0}, {@link org.personacollab.ot.Op},
 * {@link org.personacollab.ot.Component}, {@link org.personacollab.ot.Path},
 * {@link org.personacollab.ot.Side}, {@link org.personacollab.ot.Position},
 * {@link org.personacollab.ot.OtResult}, {@link org.personacollab.ot.OtException},
 * {@link org.personacollab.ot.ErrorCode} and {@link org.personacollab.ot.JsonCodec}; everything
 * else is a package-private implementation class. {@code ot-core/spec.md} is the contract.
 */
@NullMarked
package org.personacollab.ot;

import org.jspecify.annotations.NullMarked;
