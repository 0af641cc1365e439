package io.specops.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx in front of a plain-text Temporal frontend, as a secured deployment has it: one
 * port terminates TLS and requires a client certificate signed by the given CA (mTLS), the other
 * terminates TLS and lets through only requests bearing the given API key, as Temporal Cloud's
 * API-key endpoints do. gRPC both ways, with timeouts longer than Temporal's long polls.
 */
final class NginxGrpcProxy implements AutoCloseable {
  private final ExternalProcess process;
  private final int mtlsPort;
  private final int apiKeyPort;

  private NginxGrpcProxy(ExternalProcess process, int mtlsPort, int apiKeyPort) {
    this.process = process;
    this.mtlsPort = mtlsPort;
    this.apiKeyPort = apiKeyPort;
  }

  static NginxGrpcProxy start(
      Path dir, int upstreamPort, Path serverCert, Path serverKey, Path clientCa, String apiKey)
      throws Exception {
    Files.createDirectories(dir.resolve("temp"));
    int mtlsPort = TestWorker.freePort();
    int apiKeyPort = TestWorker.freePort();
    String common =
        """
            ssl_certificate %s;
            ssl_certificate_key %s;
            ssl_protocols TLSv1.2 TLSv1.3;
        """
            .formatted(serverCert, serverKey);
    String upstream = "grpc_pass grpc://127.0.0.1:" + upstreamPort + ";";
    String conf =
        """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 512; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/temp/body;
          proxy_temp_path %1$s/temp/proxy;
          fastcgi_temp_path %1$s/temp/fastcgi;
          uwsgi_temp_path %1$s/temp/uwsgi;
          scgi_temp_path %1$s/temp/scgi;
          # Temporal's long polls last up to 70 s
          grpc_read_timeout 300s;
          grpc_send_timeout 300s;
          client_body_timeout 300s;
          keepalive_timeout 300s;
          keepalive_requests 100000;
          client_max_body_size 0;
          server {
            listen 127.0.0.1:%2$d ssl http2;
        %4$s
            ssl_client_certificate %5$s;
            ssl_verify_client on;
            location / { %6$s }
          }
          server {
            listen 127.0.0.1:%3$d ssl http2;
        %4$s
            location / {
              if ($http_authorization != "Bearer %7$s") { return 401; }
              %6$s
            }
          }
        }
        """
            .formatted(dir, mtlsPort, apiKeyPort, common, clientCa, upstream, apiKey);
    Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
    ExternalProcess process =
        ExternalProcess.start(
            "nginx",
            List.of(
                Tools.nginx(),
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                file.toString()),
            dir.resolve("nginx.out"),
            apiKeyPort,
            Duration.ofSeconds(20));
    return new NginxGrpcProxy(process, mtlsPort, apiKeyPort);
  }

  String mtlsAddress() {
    return "127.0.0.1:" + mtlsPort;
  }

  String apiKeyAddress() {
    return "127.0.0.1:" + apiKeyPort;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
