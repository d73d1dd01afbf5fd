/**
 * Bearer-token authentication: {@link org.liaison.auth.TokenVerifier} turns an {@code
 * Authorization} header into a {@link org.liaison.auth.Principal} or an {@link
 * org.liaison.auth.AuthException}, and {@link org.liaison.auth.DevAuthority} mints tokens for
 * development in place of a real OAuth server.
 *
 * <p>Nothing here knows about HTTP frameworks: the HTTP layer maps {@link
 * org.liaison.auth.AuthException.Kind} to a status code.
 */
package org.liaison.auth;
