package org.liaison.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Lets a browser's {@code EventSource}, which cannot send headers, present its bearer token as the
 * {@code access_token} query parameter. Only for GET requests that ask for {@code
 * text/event-stream} and carry no Authorization header: there the parameter becomes {@code
 * Authorization: Bearer …}, and the route checks it as it checks any token. Every other request is
 * left alone, so query tokens cannot reach ordinary endpoints (where they would end up in logs and
 * browser history for no reason).
 */
final class EventSourceTokens implements Filter {
  static final String PARAM = "access_token";
  private static final String AUTHORIZATION = "Authorization";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && applies(http)) {
      chain.doFilter(new WithBearer(http, "Bearer " + http.getParameter(PARAM)), response);
    } else {
      chain.doFilter(request, response);
    }
  }

  static boolean applies(HttpServletRequest r) {
    String accept = r.getHeader("Accept");
    String token = r.getQueryString() == null ? null : r.getParameter(PARAM);
    return "GET".equals(r.getMethod())
        && accept != null && accept.contains("text/event-stream")
        && r.getHeader(AUTHORIZATION) == null
        && token != null && !token.isBlank();
  }

  private static final class WithBearer extends HttpServletRequestWrapper {
    private final String authorization;

    WithBearer(HttpServletRequest request, String authorization) {
      super(request);
      this.authorization = authorization;
    }

    @Override
    public String getHeader(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name)
          ? Collections.enumeration(List.of(authorization)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
      names.add(AUTHORIZATION);
      return Collections.enumeration(names);
    }
  }
}
