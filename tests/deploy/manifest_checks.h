// What the Kubernetes manifests (deploy/k8s/*.yaml) must hold for a service
// to run replicated, checked by parsing them: there is no cluster here to
// apply them to. Every Deployment is one service, and for each:
// - at least 2 replicas, a PodDisruptionBudget selecting its pods that lets
//   one go and keeps one (a node drain never takes the last replica), and
//   pod anti-affinity on kubernetes.io/hostname (two replicas, two nodes);
// - a readiness probe apart from the liveness probe, liveness on the health
//   name `liveness` (which does not follow the database: an outage must not
//   restart every pod), probes on ports the container declares;
// - terminationGracePeriodSeconds >= the preStop wait + FS_SHUTDOWN_GRACE +
//   1s, so the kubelet's SIGKILL never cuts the drain short;
// - every FS_*_ADDRESS names a Service of these manifests, on one of its
//   ports, that selects another service's pods on a port they declare, and
//   is headless (clusterIP: None): gRPC keeps one connection, so a ClusterIP
//   Service (balancing connections) would send every call to one replica.
#ifndef FIELDSERVICE_TESTS_DEPLOY_MANIFEST_CHECKS_H_
#define FIELDSERVICE_TESTS_DEPLOY_MANIFEST_CHECKS_H_

#include <string>
#include <vector>

namespace fieldservice::deploy {

// One manifest file: its name (for the messages) and its text, which may
// hold several YAML documents.
struct ManifestFile {
  std::string name;
  std::string text;
};

// Every problem found in the files taken together (services dial each
// other's Services across files), one line each, naming the file, the
// object and the field: "orders.yaml: Deployment orders:
// spec.template.spec.terminationGracePeriodSeconds: ...". Empty when all
// is well. `checked_deployments`, when given, gets the name of every
// Deployment checked (a file without one is not checked at all).
std::vector<std::string> CheckManifests(const std::vector<ManifestFile>& files,
                                        std::vector<std::string>* checked_deployments = nullptr);

}  // namespace fieldservice::deploy

#endif  // FIELDSERVICE_TESTS_DEPLOY_MANIFEST_CHECKS_H_
