package io.specops.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specops.json.Json;
import java.io.PrintStream;
import java.util.List;

/** JSON lines on standard output: what a cluster's log collector picks up from a pod. */
public final class StdoutAuditSink implements AuditSink {
  private final PrintStream out;

  public StdoutAuditSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(List<ObjectNode> records) {
    StringBuilder lines = new StringBuilder();
    for (ObjectNode r : records) {
      lines.append(Json.write(r)).append('\n');
    }
    out.print(lines);
    out.flush();
  }

  @Override
  public String name() {
    return "stdout";
  }
}
