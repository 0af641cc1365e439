package io.specops.worker;

import io.specops.json.Json;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A query parameter of the wrong type ({@code ?limit=abc}) gets the API's own error shape, naming
 * the parameter, instead of Spring's generic "Bad Request".
 */
@RestControllerAdvice
class ApiErrors {
  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<String> mistyped(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    String wanted =
        type == int.class || type == Integer.class || type == long.class || type == Long.class
            ? "a whole number"
            : "a " + (type == null ? "value" : type.getSimpleName()) + " value";
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Json.write(
                Map.of("error", e.getName() + ": \"" + e.getValue() + "\" is not " + wanted)));
  }
}
