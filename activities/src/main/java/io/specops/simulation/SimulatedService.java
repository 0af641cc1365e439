package io.specops.simulation;

import java.time.Duration;

/**
 * One service of the simulated cluster: its scenario entry, load model, offered load and pod state.
 */
public final class SimulatedService {
  private final Scenario.Service spec;
  private final String namespace;
  private final ServiceModel model;
  private final LoadProfile load;
  private final Duration startupDelay;
  private final boolean neverReady;
  private volatile int readyPods;
  private volatile int desiredReplicas;

  SimulatedService(
      Scenario.Service spec,
      String namespace,
      ServiceModel model,
      LoadProfile load,
      Duration startupDelay) {
    this(spec, namespace, model, load, startupDelay, Boolean.TRUE.equals(spec.neverReady()), 0);
  }

  private SimulatedService(
      Scenario.Service spec,
      String namespace,
      ServiceModel model,
      LoadProfile load,
      Duration startupDelay,
      boolean neverReady,
      int readyPods) {
    this.spec = spec;
    this.namespace = namespace;
    this.model = model;
    this.load = load;
    this.startupDelay = startupDelay;
    this.neverReady = neverReady;
    this.readyPods = readyPods;
  }

  public Scenario.Service spec() {
    return spec;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return spec.name();
  }

  public ServiceModel model() {
    return model;
  }

  public LoadProfile load() {
    return load;
  }

  public Duration startupDelay() {
    return startupDelay;
  }

  public boolean neverReady() {
    return neverReady;
  }

  public int readyPods() {
    return readyPods;
  }

  void readyPods(int value) {
    readyPods = value;
  }

  /** The Deployment's spec.replicas as the controller last saw it. */
  public int desiredReplicas() {
    return desiredReplicas;
  }

  void desiredReplicas(int value) {
    desiredReplicas = value;
  }

  SimulatedService withLoad(LoadProfile newLoad) {
    return new SimulatedService(
        spec, namespace, model, newLoad, startupDelay, neverReady, readyPods);
  }

  SimulatedService withNeverReady(boolean value) {
    return new SimulatedService(spec, namespace, model, load, startupDelay, value, readyPods);
  }
}
