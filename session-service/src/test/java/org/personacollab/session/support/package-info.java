/** Test support: a shared running service, REST helpers, a reader of the edits topic, a Redis channel listener. */
package org.personacollab.session.support;
