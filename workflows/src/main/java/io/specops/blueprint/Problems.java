package io.specops.blueprint;

import java.util.ArrayList;
import java.util.List;

/** Collects validation errors for one file so all of them can be reported at once. */
final class Problems {
  private final String file;
  private final List<ValidationError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(String path, int line, String message) {
    errors.add(new ValidationError(file, path, message, line));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<ValidationError> all() {
    return List.copyOf(errors);
  }

  String file() {
    return file;
  }
}
