package org.liaison.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks {@code Authorization: Bearer <JWT>} headers as ASTM F3548-21's {@code Authority} scheme
 * describes them, and checks scopes against an endpoint's requirement.
 *
 * <p>A token is accepted only if it is signed with RS256 or ES256 by a trusted key; its {@code
 * aud} includes the configured audience; it names a subject ({@code sub}) that is a party id (see {@code PartyId}); it has an {@code exp}
 * that has not passed and lies at most {@link #MAX_LIFETIME} ahead; its {@code nbf}, if any, has
 * passed; and, if an issuer is required, its {@code iss} equals it. Each time comparison allows
 * {@link #CLOCK_SKEW} between our clock and the issuer's, as InterUSS does. Scopes come from the
 * space-separated {@code scope} claim (RFC 6749) and from an {@code scp} claim given as a JSON
 * array.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class TokenVerifier {

  /** The longest a token may still have to live, per ASTM F3548-21. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(1);

  /** Allowed difference between our clock and the token issuer's, in either direction. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private static final int JWKS_TIMEOUT_MILLIS = 2_000;
  private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;
  private static final long JWKS_CACHE_MILLIS = Duration.ofMinutes(5).toMillis();
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final DefaultJWTProcessor<SecurityContext> processor;

  /**
   * Tokens already verified, until they expire. A client reuses its token for many requests, and
   * a signature check costs far more than the request it guards; the key is the whole token, so
   * only the very same bytes ever hit.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Principal> verified =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(MAX_LIFETIME)
          .build();
  private final Clock clock;

  private TokenVerifier(DefaultJWTProcessor<SecurityContext> processor, Clock clock) {
    this.processor = processor;
    this.clock = clock;
  }

  /** Starts configuring a verifier for tokens whose {@code aud} must include {@code audience}. */
  public static Builder forAudience(String audience) {
    return new Builder(audience);
  }

  /**
   * The principal named by a valid bearer token.
   *
   * @param authorizationHeaderValue the value of the request's {@code Authorization} header, or
   *     null if it had none
   * @throws AuthException of kind {@code UNAUTHENTICATED} if the header or token is refused, or
   *     {@code KEYS_UNAVAILABLE} if the keys to check it could not be fetched
   */
  public Principal verify(String authorizationHeaderValue) {
    String token = bearerToken(authorizationHeaderValue);
    Principal cached = verified.getIfPresent(token);
    if (cached != null) {
      // The full check allows CLOCK_SKEW past exp; a cached token gets no more than that.
      if (clock.instant().isBefore(cached.expires().plus(CLOCK_SKEW))) {
        return cached;
      }
      verified.invalidate(token);
    }
    Principal p = verifyUncached(token);
    verified.put(token, p);
    return p;
  }

  private Principal verifyUncached(String token) {
    SignedJWT jwt = signedToken(token);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (ClaimsPolicy.Rejected e) {
      throw unauthenticated(e.getMessage(), e);
    } catch (BadJWSException e) {
      throw unauthenticated("token signature is invalid", e);
    } catch (BadJWTException e) {
      throw unauthenticated("token claims are malformed: " + e.getMessage(), e);
    } catch (BadJOSEException e) {
      throw unauthenticated("token refused: " + e.getMessage(), e);
    } catch (TrustedKeys.NoMatchingKey e) {
      throw unauthenticated(e.getMessage(), e);
    } catch (KeySourceException e) {
      throw new AuthException(AuthException.Kind.KEYS_UNAVAILABLE, e.getMessage(), e);
    } catch (JOSEException e) {
      throw unauthenticated("token could not be verified: " + e.getMessage(), e);
    }
    return new Principal(
        claims.getSubject(), scopes(claims), claims.getExpirationTime().toInstant());
  }

  /**
   * Refuses a principal that holds none of an endpoint's alternative scope sets.
   *
   * @param alternatives as in {@link Principal#hasAnyScopeSet}; must not be empty, since an
   *     endpoint that needs no scope should not ask
   * @throws AuthException of kind {@code FORBIDDEN} naming the required and granted scopes
   */
  public static void requireScopes(Principal principal, List<Set<String>> alternatives) {
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("alternatives is empty; no scope set could be satisfied");
    }
    if (principal.hasAnyScopeSet(alternatives)) {
      return;
    }
    String required =
        alternatives.stream()
            .map(set -> set.stream().sorted().collect(Collectors.joining(", ", "[", "]")))
            .collect(Collectors.joining(" or "));
    String granted = principal.scopes().stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    throw new AuthException(
        AuthException.Kind.FORBIDDEN,
        "\"" + principal.party() + "\" lacks the required scopes: needs all of " + required
            + "; token grants " + granted);
  }

  private static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw unauthenticated("missing Authorization header", null);
    }
    // The scheme, a run of whitespace, the token: what WHITESPACE.split(…, 2) gave, but that split
    // kept running the regex over the whole token after it had both parts, 13-29% of the CPU
    // samples of an authenticated query.
    String h = header.strip();
    int end = 0;
    while (end < h.length() && !isRegexSpace(h.charAt(end))) {
      end++;
    }
    int start = end;
    while (start < h.length() && isRegexSpace(h.charAt(start))) {
      start++;
    }
    String scheme = h.substring(0, end);
    boolean hasToken = end < h.length();
    // RFC 9110: the scheme is case-insensitive.
    boolean bearer = scheme.equalsIgnoreCase("Bearer");
    if (!hasToken && bearer) {
      throw unauthenticated("bearer token is empty", null);
    }
    if (!hasToken) {
      // A lone word may be the token itself, which must not be echoed.
      throw unauthenticated("Authorization header is not of the form \"Bearer <token>\"", null);
    }
    if (!bearer) {
      throw unauthenticated(
          SCHEME.matcher(scheme).matches()
              ? "Authorization scheme \"" + scheme + "\" is not Bearer"
              : "Authorization header is not of the form \"Bearer <token>\"",
          null);
    }
    return h.substring(start);
  }

  /** {@code \s} of {@link java.util.regex.Pattern}: ASCII whitespace only. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static SignedJWT signedToken(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      // Nimbus's message describes the structure, never the token's content.
      throw unauthenticated("token is malformed: " + e.getMessage(), e);
    }
    if (jwt instanceof PlainJWT) {
      throw unauthenticated("token is unsigned (alg none); only RS256 and ES256 are accepted", null);
    }
    if (jwt instanceof EncryptedJWT) {
      throw unauthenticated("token is encrypted (JWE); only signed JWTs are accepted", null);
    }
    SignedJWT signed = (SignedJWT) jwt;
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    // The key selector accepts only these too; this check is here for the message.
    if (!ALGORITHMS.contains(alg)) {
      throw unauthenticated(
          "token algorithm " + alg + " is not accepted; only RS256 and ES256 are", null);
    }
    return signed;
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> scopes = new LinkedHashSet<>();
    Object scope = claims.getClaim("scope");
    if (scope instanceof String s) {
      addSpaceSeparated(s, scopes);
    } else if (scope != null) {
      throw unauthenticated("token claim scope is not a space-separated string", null);
    }
    Object scp = claims.getClaim("scp");
    if (scp instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s) || s.isBlank()) {
          throw unauthenticated("token claim scp is not an array of strings", null);
        }
        scopes.add(s.strip());
      }
    } else if (scp instanceof String s) {
      addSpaceSeparated(s, scopes);
    } else if (scp != null) {
      throw unauthenticated("token claim scp is not an array of strings", null);
    }
    return scopes;
  }

  private static void addSpaceSeparated(String value, Set<String> into) {
    Arrays.stream(WHITESPACE.split(value.strip())).filter(s -> !s.isEmpty()).forEach(into::add);
  }

  private static AuthException unauthenticated(String message, Throwable cause) {
    return new AuthException(AuthException.Kind.UNAUTHENTICATED, message, cause);
  }

  /**
   * Configures a {@link TokenVerifier}. At least one key source is required; keys from all
   * configured sources are trusted.
   */
  public static final class Builder {
    private final String audience;
    private String issuer;
    private final List<JWK> pemKeys = new ArrayList<>();
    private final List<JWK> jwks = new ArrayList<>();
    private URI jwksUrl;
    private Clock clock = Clock.systemUTC();

    private Builder(String audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isBlank()) {
        throw new IllegalArgumentException("audience is blank");
      }
      this.audience = audience;
    }

    /** Requires every token's {@code iss} to equal {@code issuer}. */
    public Builder requireIssuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank()) {
        throw new IllegalArgumentException("issuer is blank");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * Trusts each key in {@code pem}: {@code PUBLIC KEY} blocks (X.509 SubjectPublicKeyInfo) or
     * {@code CERTIFICATE} blocks, RSA of at least 2048 bits or EC P-256. Such keys are trusted
     * whatever key id a token names. A certificate's dates and issuer are not checked.
     *
     * @param source names the text in error messages, such as the file it came from
     * @throws IllegalArgumentException naming the source and block that could not be used
     */
    public Builder trustPem(String pem, String source) {
      pemKeys.addAll(PemKeys.publicKeys(pem, source));
      return this;
    }

    /** As {@link #trustPem}, reading the PEM text from {@code file}. */
    public Builder trustPemFile(Path file) throws IOException {
      return trustPem(Files.readString(file), file.toString());
    }

    /**
     * Trusts the JWK set served at {@code url}, cached for five minutes and refetched early when a
     * token names an unknown key id. Fetches time out after two seconds. The URL must be HTTPS,
     * or HTTP to a loopback host, since whoever can alter the response can mint tokens.
     */
    public Builder trustJwksUrl(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      boolean loopback =
          "localhost".equalsIgnoreCase(url.getHost())
              || "[::1]".equals(url.getHost())
              || (url.getHost() != null && url.getHost().startsWith("127."));
      if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
        throw new IllegalArgumentException(
            "JWKS URL " + url + " must use https (http is allowed only to a loopback host)");
      }
      if (jwksUrl != null) {
        throw new IllegalStateException("a JWKS URL is already set: " + jwksUrl);
      }
      this.jwksUrl = url;
      return this;
    }

    /** Trusts the public keys in {@code jwkSet}, matched by key id; private parts are ignored. */
    public Builder trustJwkSet(JWKSet jwkSet) {
      jwks.addAll(jwkSet.toPublicJWKSet().getKeys());
      return this;
    }

    /** The clock that expiry is checked against; the system UTC clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws IllegalStateException if no key source was configured */
    public TokenVerifier build() {
      if (pemKeys.isEmpty() && jwks.isEmpty() && jwksUrl == null) {
        throw new IllegalStateException(
            "no keys configured for audience \"" + audience
                + "\": give a PEM key, a JWKS URL or a JWK set");
      }
      TrustedKeys keys = new TrustedKeys(pemKeys, new JWKSet(jwks), remote(), jwksUrl);
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(TrustedKeys.selector(ALGORITHMS, keys));
      // RFC 9068 access tokens say "at+jwt"; most issuers say "JWT" or nothing.
      processor.setJWSTypeVerifier(
          new DefaultJOSEObjectTypeVerifier<>(
              JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
      processor.setJWTClaimsSetVerifier(new ClaimsPolicy(audience, issuer, clock));
      return new TokenVerifier(processor, clock);
    }

    private JWKSource<SecurityContext> remote() {
      if (jwksUrl == null) {
        return null;
      }
      try {
        return JWKSourceBuilder.<SecurityContext>create(
                jwksUrl.toURL(),
                new DefaultResourceRetriever(
                    JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
            .cache(JWKS_CACHE_MILLIS, JWKS_TIMEOUT_MILLIS)
            .refreshAheadCache(false)
            .build();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("JWKS URL " + jwksUrl + " is malformed", e);
      }
    }
  }
}
