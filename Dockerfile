# The SpecOps worker image: docker build -t specops/worker:0.1.0 .
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --uid 10001 --no-create-home specops
WORKDIR /app
COPY --from=build /src/worker/target/specops-worker.jar /app/specops-worker.jar
COPY blueprints /etc/specops/blueprints
USER 10001
EXPOSE 8080 9464
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:MaxRAMPercentage=75", "-jar", "/app/specops-worker.jar"]
