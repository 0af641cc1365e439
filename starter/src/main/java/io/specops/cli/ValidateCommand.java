package io.specops.cli;

import io.specops.blueprint.Blueprint;
import io.specops.blueprint.BlueprintLoader;
import io.specops.blueprint.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate blueprint files or directories: prints every error (file, field, problem) or \"ok\".",
      "Exits 1 when any blueprint is invalid."
    })
final class ValidateCommand implements Callable<Integer> {

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE_OR_DIR",
      description = "Blueprint files, or directories searched for *.yaml")
  List<Path> paths;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<ValidationError> errors = new ArrayList<>();
    List<Blueprint> valid = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        errors.add(new ValidationError(path.toString(), "", "no such file or directory", 0));
        continue;
      }
      BlueprintLoader.Result result = BlueprintLoader.load(path);
      errors.addAll(result.errors());
      valid.addAll(result.blueprints());
    }
    var out = spec.commandLine().getOut();
    for (ValidationError error : errors) {
      out.println(error);
    }
    if (!errors.isEmpty()) {
      out.println(errors.size() + (errors.size() == 1 ? " error" : " errors"));
      return SpecopsCli.INVALID_INPUT;
    }
    for (Blueprint bp : valid) {
      out.println("ok  " + bp.source() + "  (" + bp.name() + ")");
    }
    return 0;
  }
}
