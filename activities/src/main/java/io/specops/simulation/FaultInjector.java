package io.specops.simulation;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** Decides whether the simulated API server answers a request with a fault instead. */
public interface FaultInjector {
  FaultInjector NONE = new FaultInjector() {};

  /** A fault for a write to a Deployment, or null to serve it. */
  default MockResponse onWrite(RecordedRequest request) {
    return null;
  }

  /** A fault for any other request, or null to serve it. */
  default MockResponse onRead(RecordedRequest request) {
    return null;
  }
}
