package io.specops.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where audit records go (docs/operations.md "The audit trail"): the seed's JSON-lines file, JSON
 * lines on standard output, PostgreSQL, Kubernetes Events. Each gets the same rendered lines, every
 * one with its {@code record_id}; a sink that fails fails the write, which is retried, so sinks
 * drop repeats by record_id where they can.
 */
public interface AuditSink {
  void write(List<ObjectNode> records);

  /** A short name for errors and logs ("postgres"). */
  String name();
}
