package io.specops.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A password given in a setting or, preferably, in a file (a mounted Kubernetes Secret). */
final class Secrets {
  private Secrets() {}

  static String read(String password, Path passwordFile, String setting) {
    if (passwordFile == null) {
      return password;
    }
    try {
      return Files.readString(passwordFile).strip();
    } catch (IOException e) {
      throw new BadSetting("cannot read " + setting + " " + passwordFile + ": " + e.getMessage());
    }
  }
}
