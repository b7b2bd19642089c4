// The Kubernetes manifests in deploy/k8s/ hold what running replicated needs
// (tests/deploy/manifest_checks.h says what); and each check can fail, shown
// on a small manifest with one thing wrong at a time.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/deploy/manifest_checks.h"

namespace fieldservice::deploy {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<ManifestFile> ReadManifests(const std::filesystem::path& dir) {
  std::vector<ManifestFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({entry.path().filename().string(), text.str()});
  }
  std::sort(files.begin(), files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.name < b.name; });
  return files;
}

TEST(K8sManifestsTest, EveryServiceIsReadyToRunReplicated) {
  std::vector<ManifestFile> files =
      ReadManifests(std::filesystem::path(FS_SOURCE_DIR) / "deploy/k8s");
  std::vector<std::string> names;
  for (const ManifestFile& f : files) names.push_back(f.name);
  EXPECT_THAT(names,
              ElementsAre("callback.yaml", "orders.yaml", "scheduling.yaml", "warranty.yaml"));

  std::vector<std::string> checked;
  std::vector<std::string> problems = CheckManifests(files, &checked);
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems:\n"
                                << absl::StrJoin(problems, "\n");
  std::sort(checked.begin(), checked.end());
  EXPECT_THAT(checked, ElementsAre("callback", "orders", "scheduling", "warranty"));
}

// One service and a caller of it, right; the tests below break one field.
constexpr char kGood[] = R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: parts}
spec:
  replicas: 2
  selector: {matchLabels: {app: parts}}
  template:
    metadata: {labels: {app: parts}}
    spec:
      terminationGracePeriodSeconds: 25
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: parts}}
      containers:
        - name: parts
          ports:
            - {containerPort: 50060, name: grpc}
            - {containerPort: 8090, name: health}
          env:
            - {name: FS_SHUTDOWN_GRACE, value: 15s}
            - {name: FS_PARTS_ADDRESS, value: "dns:///parts-replicas:50060"}
          readinessProbe: {grpc: {port: 8090}}
          livenessProbe: {grpc: {port: 8090, service: liveness}}
          lifecycle: {preStop: {exec: {command: ["/bin/sleep", "5"]}}}
---
apiVersion: v1
kind: Service
metadata: {name: parts-replicas}
spec:
  clusterIP: None
  selector: {app: parts}
  ports: [{name: grpc, port: 50060, targetPort: grpc}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: parts}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: parts}}
)";

// The problems of kGood with `from` replaced by `to` (which must be there).
std::vector<std::string> ProblemsWith(const std::string& from, const std::string& to) {
  std::string text = kGood;
  EXPECT_TRUE(absl::StrContains(text, from)) << from;
  text = absl::StrReplaceAll(text, {{from, to}});
  return CheckManifests({{"parts.yaml", text}});
}

TEST(K8sManifestChecksTest, TheSmallManifestPasses) {
  std::vector<std::string> checked;
  EXPECT_THAT(CheckManifests({{"parts.yaml", kGood}}, &checked), IsEmpty());
  EXPECT_THAT(checked, ElementsAre("parts"));
}

TEST(K8sManifestChecksTest, GraceShorterThanPreStopAndDrainIsReported) {
  EXPECT_THAT(
      ProblemsWith("terminationGracePeriodSeconds: 25", "terminationGracePeriodSeconds: 20"),
      ElementsAre(AllOf(HasSubstr("parts.yaml: Deployment parts: "
                                  "spec.template.spec.terminationGracePeriodSeconds: 20"),
                        HasSubstr("at least 21"))));
  // Left out, it is Kubernetes' 30s: enough for 5s + 15s, not for 5s + 30s.
  EXPECT_THAT(ProblemsWith("value: 15s", "value: 30s"),
              ElementsAre(HasSubstr("terminationGracePeriodSeconds: 25: at least 36")));
}

TEST(K8sManifestChecksTest, MissingPreStopAndUnreadableGraceAreReported) {
  EXPECT_THAT(ProblemsWith(R"(lifecycle: {preStop: {exec: {command: ["/bin/sleep", "5"]}}})",
                           "lifecycle: {}"),
              ElementsAre(HasSubstr("containers[parts].lifecycle.preStop: none")));
  EXPECT_THAT(ProblemsWith("value: 15s", "value: fifteen"),
              ElementsAre(HasSubstr("env[FS_SHUTDOWN_GRACE]: 'fifteen' is not a duration")));
}

TEST(K8sManifestChecksTest, LivenessThatFollowsTheDatabaseIsReported) {
  EXPECT_THAT(ProblemsWith("service: liveness", "service: \"\""),
              ElementsAre(HasSubstr("containers[parts].livenessProbe: must be grpc with service "
                                    "'liveness'"),
                          HasSubstr("containers[parts].readinessProbe: checks the same as "
                                    "livenessProbe")));
}

TEST(K8sManifestChecksTest, ProbeOnAnUndeclaredPortIsReported) {
  EXPECT_THAT(
      ProblemsWith("readinessProbe: {grpc: {port: 8090}}", "readinessProbe: {grpc: {port: 8091}}"),
      ElementsAre(HasSubstr("readinessProbe.grpc.port: 8091: the container declares no "
                            "such port")));
}

TEST(K8sManifestChecksTest, OneReplicaOrNoDisruptionBudgetIsReported) {
  EXPECT_THAT(ProblemsWith("replicas: 2", "replicas: 1"),
              ElementsAre(HasSubstr("Deployment parts: spec.replicas: 1: at least 2"),
                          HasSubstr("PodDisruptionBudget parts: spec.minAvailable: 1 of 1")));
  EXPECT_THAT(ProblemsWith("minAvailable: 1\n  selector: {matchLabels: {app: parts}}",
                           "minAvailable: 1\n  selector: {matchLabels: {app: other}}"),
              ElementsAre(HasSubstr("no PodDisruptionBudget selects the pods (app=parts)")));
  EXPECT_THAT(ProblemsWith("minAvailable: 1", "maxUnavailable: 0"),
              ElementsAre(HasSubstr("PodDisruptionBudget parts: spec.maxUnavailable: 0 of 2")));
}

TEST(K8sManifestChecksTest, NoAntiAffinityOnTheNodeIsReported) {
  EXPECT_THAT(ProblemsWith("topologyKey: kubernetes.io/hostname",
                           "topologyKey: topology.kubernetes.io/zone"),
              ElementsAre(HasSubstr("spec.template.spec.affinity.podAntiAffinity: no term on "
                                    "kubernetes.io/hostname")));
}

TEST(K8sManifestChecksTest, AnAddressOfARenamedOrClusterIpServiceIsReported) {
  EXPECT_THAT(ProblemsWith("name: parts-replicas", "name: parts-pods"),
              ElementsAre(HasSubstr("env[FS_PARTS_ADDRESS]: 'dns:///parts-replicas:50060': no "
                                    "Service parts-replicas in the manifests")));
  EXPECT_THAT(ProblemsWith("value: \"dns:///parts-replicas:50060\"",
                           "value: \"dns:///parts-replicas:50061\""),
              ElementsAre(HasSubstr("Service parts-replicas has no port 50061")));
  EXPECT_THAT(ProblemsWith("  clusterIP: None\n", ""),
              ElementsAre(HasSubstr("Service parts-replicas is not headless")));
  EXPECT_THAT(ProblemsWith("targetPort: grpc", "targetPort: rpc"),
              ElementsAre(HasSubstr("Service parts-replicas: spec.ports[50060].targetPort: rpc: "
                                    "Deployment parts declares no such container port")));
}

TEST(K8sManifestChecksTest, DocumentsWithoutTheirIdentityOrThatDoNotParseAreReported) {
  EXPECT_THAT(ProblemsWith("kind: PodDisruptionBudget\nmetadata: {name: parts}",
                           "kind: PodDisruptionBudget\nmetadata: {}"),
              Contains(HasSubstr("parts.yaml: document 3: metadata.name: missing")));
  EXPECT_THAT(CheckManifests({{"bad.yaml", "kind: [Deployment"}}),
              ElementsAre(HasSubstr("bad.yaml: does not parse")));
}

}  // namespace
}  // namespace fieldservice::deploy
