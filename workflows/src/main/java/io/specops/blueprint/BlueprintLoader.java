package io.specops.blueprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads blueprint files and directories from disk. Not for workflow code (it does I/O): workflows
 * get blueprints from an activity or as YAML text in a signal.
 */
public final class BlueprintLoader {

  /** What a load found: the valid blueprints and every error in the others. */
  public record Result(List<Blueprint> blueprints, List<ValidationError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private BlueprintLoader() {}

  /** A file, or a directory searched recursively for *.yaml / *.yml. */
  public static Result load(Path fileOrDirectory) {
    if (Files.isDirectory(fileOrDirectory)) {
      return loadDirectory(fileOrDirectory);
    }
    return loadFiles(List.of(fileOrDirectory));
  }

  public static Blueprint loadFile(Path file) {
    return BlueprintParser.parse(display(file), read(file));
  }

  public static Result loadDirectory(Path directory) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(p -> !(FleetFile.is(p) && p.getParent().equals(directory)))
              .sorted()
              .toList();
    } catch (IOException e) {
      return new Result(
          List.of(),
          List.of(
              new ValidationError(
                  display(directory), "", "cannot read directory: " + e.getMessage(), 0)));
    }
    if (files.isEmpty()) {
      return new Result(
          List.of(),
          List.of(new ValidationError(display(directory), "", "no blueprints (*.yaml) found", 0)));
    }
    return loadFiles(files);
  }

  private static Result loadFiles(List<Path> files) {
    List<Blueprint> blueprints = new ArrayList<>();
    List<ValidationError> errors = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Path file : files) {
      String name = display(file);
      String text;
      try {
        text = read(file);
      } catch (UncheckedIOException e) {
        errors.add(new ValidationError(name, "", e.getMessage(), 0));
        continue;
      }
      try {
        Blueprint blueprint = BlueprintParser.parse(name, text);
        String previous = seen.putIfAbsent(blueprint.name(), name);
        if (previous != null) {
          errors.add(
              new ValidationError(
                  name,
                  "metadata.name",
                  "service \"" + blueprint.name() + "\" is already defined in " + previous,
                  0));
        } else {
          blueprints.add(blueprint);
        }
      } catch (BlueprintException e) {
        errors.addAll(e.errors());
      }
    }
    return new Result(List.copyOf(blueprints), List.copyOf(errors));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new UncheckedIOException("not UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          Files.exists(file) ? "cannot read: " + e.getMessage() : "no such file", e);
    }
  }

  /** Paths as the user would write them: relative to the working directory when inside it. */
  public static String display(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : path.toString();
  }
}
