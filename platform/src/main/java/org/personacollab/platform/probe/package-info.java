/** A health check a container runtime can run inside our images, which have no shell or curl. */
@NullMarked
package org.personacollab.platform.probe;

import org.jspecify.annotations.NullMarked;
