package org.liaison.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every key a {@link TokenVerifier} trusts, from all configured sources at once.
 *
 * <p>PEM keys carry no key id, so an operator who pins one means "trust this key", whatever
 * {@code kid} a token names; they match on key type and curve only. Keys from a JWK set, local or
 * remote, match the token's {@code kid} as usual.
 */
final class TrustedKeys implements JWKSource<SecurityContext> {

  private final List<JWK> pinned;
  private final JWKSet jwkSet;
  private final JWKSource<SecurityContext> remote;
  private final URI remoteUrl;

  TrustedKeys(List<JWK> pinned, JWKSet jwkSet, JWKSource<SecurityContext> remote, URI remoteUrl) {
    this.pinned = List.copyOf(pinned);
    this.jwkSet = jwkSet.toPublicJWKSet();
    this.remote = remote;
    this.remoteUrl = remoteUrl;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKMatcher matcher = selector.getMatcher();
    List<JWK> found = new ArrayList<>();
    for (JWK key : pinned) {
      if (matchesTypeAndCurve(matcher, key)) {
        found.add(key);
      }
    }
    found.addAll(selector.select(jwkSet));
    if (remote != null) {
      try {
        found.addAll(remote.get(selector, context));
      } catch (KeySourceException e) {
        // A local key may still verify the token; only an outage that leaves nothing to try is
        // the caller's problem.
        if (found.isEmpty()) {
          throw new KeySourceException(
              "could not fetch the JWK set from " + remoteUrl + ": " + e.getMessage(), e);
        }
      }
    }
    return found;
  }

  private static boolean matchesTypeAndCurve(JWKMatcher matcher, JWK key) {
    if (matcher.getKeyTypes() != null && !matcher.getKeyTypes().contains(key.getKeyType())) {
      return false;
    }
    return !(key instanceof ECKey ec)
        || matcher.getCurves() == null
        || matcher.getCurves().contains(ec.getCurve());
  }

  /** Selects keys for the accepted algorithms, and says which key was looked for when none is. */
  static JWSKeySelector<SecurityContext> selector(Set<JWSAlgorithm> accepted, TrustedKeys keys) {
    JWSVerificationKeySelector<SecurityContext> delegate =
        new JWSVerificationKeySelector<>(accepted, keys);
    return (JWSHeader header, SecurityContext context) -> {
      List<? extends Key> selected = delegate.selectJWSKeys(header, context);
      if (selected.isEmpty()) {
        String kid = header.getKeyID();
        throw new NoMatchingKey(
            "no trusted " + header.getAlgorithm() + " key"
                + (kid == null ? " is configured" : " has key id \"" + kid + "\""));
      }
      return selected;
    };
  }

  /** The token names a key, or a kind of key, that no source holds. */
  static final class NoMatchingKey extends KeySourceException {
    NoMatchingKey(String message) {
      super(message);
    }
  }
}
