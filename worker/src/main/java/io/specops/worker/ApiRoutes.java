package io.specops.worker;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Whether a request's path is one of the REST API's (any method): the handler mapping Spring MVC
 * routes with.
 */
@Component
final class ApiRoutes {
  private final ObjectProvider<RequestMappingHandlerMapping> mappings;

  ApiRoutes(
      @Qualifier("requestMappingHandlerMapping")
          ObjectProvider<RequestMappingHandlerMapping> mappings) {
    this.mappings = mappings;
  }

  boolean known(HttpServletRequest request) {
    try {
      return mappings.getObject().getHandler(request) != null;
    } catch (Exception e) {
      // a known path asked with the wrong method (405) or media type: known
      return true;
    }
  }
}
