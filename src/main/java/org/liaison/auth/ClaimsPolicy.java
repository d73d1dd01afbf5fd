package org.liaison.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claim rules of ASTM F3548-21's {@code Authority} scheme, checked after the signature: a
 * short-lived token for our audience, from the required issuer if one is configured, naming its
 * subject, which must be a {@link PartyId}. Nimbus's default verifier is replaced so that every refusal names its reason and time
 * comes from an injected clock.
 */
final class ClaimsPolicy implements JWTClaimsSetVerifier<SecurityContext> {

  private final String audience;
  private final String issuer;
  private final Clock clock;

  ClaimsPolicy(String audience, String issuer, Clock clock) {
    this.audience = audience;
    this.issuer = issuer;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws Rejected {
    Instant now = clock.instant();
    Date expDate = claims.getExpirationTime();
    if (expDate == null) {
      throw new Rejected("token has no expiry (exp)");
    }
    Instant exp = expDate.toInstant();
    if (!now.isBefore(exp.plus(TokenVerifier.CLOCK_SKEW))) {
      throw new Rejected("token expired at " + exp + " (now " + now + ")");
    }
    if (exp.isAfter(now.plus(TokenVerifier.MAX_LIFETIME).plus(TokenVerifier.CLOCK_SKEW))) {
      throw new Rejected(
          "token expiry " + exp + " is more than 1 hour (plus " + TokenVerifier.CLOCK_SKEW.toMinutes()
              + " minutes clock skew) after now " + now);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(TokenVerifier.CLOCK_SKEW))) {
      throw new Rejected("token is not valid before " + nbf.toInstant() + " (now " + now + ")");
    }
    List<String> aud = claims.getAudience();
    if (aud.isEmpty()) {
      throw new Rejected("token has no audience (aud); expected \"" + audience + "\"");
    }
    if (!aud.contains(audience)) {
      throw new Rejected("token audience " + aud + " does not include \"" + audience + "\"");
    }
    if (issuer != null) {
      String iss = claims.getIssuer();
      if (iss == null) {
        throw new Rejected("token has no issuer (iss); expected \"" + issuer + "\"");
      }
      if (!iss.equals(issuer)) {
        throw new Rejected("token issuer \"" + iss + "\" is not the required \"" + issuer + "\"");
      }
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank()) {
      throw new Rejected("token has no subject (sub)");
    }
    if (!PartyId.valid(sub)) {
      throw new Rejected("token subject (sub) " + PartyId.quote(sub) + " is not a party id: " + PartyId.RULE);
    }
  }

  /** A well-formed, correctly signed token whose claims break a rule; the message says which. */
  static final class Rejected extends BadJWTException {
    Rejected(String message) {
      super(message);
    }
  }
}
