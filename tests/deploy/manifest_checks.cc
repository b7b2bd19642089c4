#include "tests/deploy/manifest_checks.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace fieldservice::deploy {
namespace {

constexpr char kHostnameTopology[] = "kubernetes.io/hostname";
// The health name that stays SERVING whatever the database does
// (common::kLivenessHealthService; not linked here: this checks text).
constexpr char kLivenessHealthName[] = "liveness";
// Kubernetes' own defaults, for fields a manifest leaves out.
constexpr int64_t kDefaultReplicas = 1;
constexpr int64_t kDefaultTerminationGraceSeconds = 30;

using Labels = std::map<std::string, std::string>;

// One parsed document and where it came from.
struct Object {
  std::string file;
  std::string kind;
  std::string name;
  YAML::Node node;

  // The start of every message about this object.
  std::string Where(absl::string_view field) const {
    return absl::StrCat(file, ": ", kind, " ", name, ": ", field, ": ");
  }
};

// The node at a dotted path of map keys; nullopt when a step is missing,
// null, or not a map. Const access: yaml-cpp's non-const [] would insert.
std::optional<YAML::Node> At(const YAML::Node& node, absl::string_view path) {
  if (!node.IsMap()) return std::nullopt;
  size_t dot = path.find('.');
  const YAML::Node child = node[std::string(path.substr(0, dot))];
  if (!child.IsDefined() || child.IsNull()) return std::nullopt;
  if (dot == absl::string_view::npos) return child;
  return At(child, path.substr(dot + 1));
}

std::optional<std::string> TextAt(const YAML::Node& node, absl::string_view path) {
  auto found = At(node, path);
  if (!found || !found->IsScalar()) return std::nullopt;
  return found->Scalar();
}

std::optional<int64_t> IntAt(const YAML::Node& node, absl::string_view path) {
  auto text = TextAt(node, path);
  int64_t value = 0;
  if (!text || !absl::SimpleAtoi(*text, &value)) return std::nullopt;
  return value;
}

// The elements of the sequence at `path` (none when it is not one).
std::vector<YAML::Node> ItemsAt(const YAML::Node& node, absl::string_view path) {
  std::vector<YAML::Node> items;
  auto found = At(node, path);
  if (!found || !found->IsSequence()) return items;
  for (const YAML::Node& item : *found) items.push_back(item);
  return items;
}

Labels LabelsAt(const YAML::Node& node, absl::string_view path) {
  Labels labels;
  auto found = At(node, path);
  if (!found || !found->IsMap()) return labels;
  for (const auto& entry : *found) {
    if (entry.first.IsScalar() && entry.second.IsScalar()) {
      labels[entry.first.Scalar()] = entry.second.Scalar();
    }
  }
  return labels;
}

std::string Describe(const Labels& labels) {
  return absl::StrJoin(labels, ",", absl::PairFormatter("="));
}

// Whether a selector's labels pick pods with `pod_labels`: an empty
// selector is taken as a mistake here, not as "everything".
bool Selects(const Labels& selector, const Labels& pod_labels) {
  if (selector.empty()) return false;
  for (const auto& [key, value] : selector) {
    auto it = pod_labels.find(key);
    if (it == pod_labels.end() || it->second != value) return false;
  }
  return true;
}

Labels PodLabels(const Object& deployment) {
  return LabelsAt(deployment.node, "spec.template.metadata.labels");
}

std::vector<YAML::Node> Containers(const Object& deployment) {
  return ItemsAt(deployment.node, "spec.template.spec.containers");
}

// A container's ports by number, and by name to number.
struct Ports {
  std::map<int64_t, std::string> by_number;
  std::map<std::string, int64_t> by_name;
};

Ports PortsOf(const YAML::Node& container) {
  Ports ports;
  for (const YAML::Node& port : ItemsAt(container, "ports")) {
    auto number = IntAt(port, "containerPort");
    if (!number) continue;
    auto name = TextAt(port, "name");
    ports.by_number[*number] = name.value_or("");
    if (name) ports.by_name[*name] = *number;
  }
  return ports;
}

// A port given as a number or a name (probes, targetPort), as a number;
// nullopt when the container declares no such port.
std::optional<int64_t> ResolvePort(const std::string& port, const Ports& ports) {
  int64_t number = 0;
  if (absl::SimpleAtoi(port, &number)) {
    if (ports.by_number.count(number) == 0) return std::nullopt;
    return number;
  }
  auto it = ports.by_name.find(port);
  if (it == ports.by_name.end()) return std::nullopt;
  return it->second;
}

// A Deployment's ports over all its containers.
Ports PortsOf(const Object& deployment) {
  Ports all;
  for (const YAML::Node& container : Containers(deployment)) {
    Ports ports = PortsOf(container);
    all.by_number.insert(ports.by_number.begin(), ports.by_number.end());
    all.by_name.insert(ports.by_name.begin(), ports.by_name.end());
  }
  return all;
}

// minAvailable / maxUnavailable: a number, or a percentage of the replicas
// rounded up (as the disruption controller does).
std::optional<int64_t> PodCount(const YAML::Node& pdb, absl::string_view field, int64_t replicas) {
  auto text = TextAt(pdb, field);
  if (!text) return std::nullopt;
  int64_t value = 0;
  absl::string_view number = *text;
  if (absl::ConsumeSuffix(&number, "%")) {
    if (!absl::SimpleAtoi(number, &value)) return std::nullopt;
    return (replicas * value + 99) / 100;
  }
  if (!absl::SimpleAtoi(number, &value)) return std::nullopt;
  return value;
}

// The environment variables a container sets with a literal value.
std::map<std::string, std::string> EnvOf(const YAML::Node& container) {
  std::map<std::string, std::string> env;
  for (const YAML::Node& var : ItemsAt(container, "env")) {
    auto name = TextAt(var, "name");
    auto value = TextAt(var, "value");
    if (name && value) env[*name] = *value;
  }
  return env;
}

// How long preStop waits: exec ["…/sleep", "N"] or the kubelet's own
// sleep.seconds. nullopt with `why` set when there is none or it cannot be
// told.
std::optional<absl::Duration> PreStopWait(const YAML::Node& container, std::string* why) {
  auto pre_stop = At(container, "lifecycle.preStop");
  if (!pre_stop) {
    *why =
        "none: the drain would start while kube-proxy and DNS still send calls to the "
        "replica; wait a few seconds (exec [\"/bin/sleep\", \"5\"])";
    return std::nullopt;
  }
  if (auto seconds = IntAt(*pre_stop, "sleep.seconds")) return absl::Seconds(*seconds);
  std::vector<YAML::Node> command = ItemsAt(*pre_stop, "exec.command");
  if (command.size() == 2 && command[0].IsScalar() && command[1].IsScalar() &&
      (command[0].Scalar() == "sleep" || absl::EndsWith(command[0].Scalar(), "/sleep"))) {
    const std::string& arg = command[1].Scalar();
    int64_t seconds = 0;
    absl::Duration wait;
    if (absl::SimpleAtoi(arg, &seconds)) return absl::Seconds(seconds);
    if (absl::ParseDuration(arg, &wait)) return wait;
  }
  *why = "cannot tell how long it waits: use exec [\"/bin/sleep\", \"N\"] or sleep.seconds";
  return std::nullopt;
}

// What a probe checks, without its timing, to compare two probes: a gRPC
// probe's port and health name ("" when left out: the server's), else the
// handler as YAML.
std::string CheckOf(const YAML::Node& probe) {
  if (At(probe, "grpc")) {
    return absl::StrCat("grpc ", TextAt(probe, "grpc.port").value_or(""), " '",
                        TextAt(probe, "grpc.service").value_or(""), "'");
  }
  for (const char* kind : {"httpGet", "tcpSocket", "exec"}) {
    if (auto handler = At(probe, kind)) return absl::StrCat(kind, " ", YAML::Dump(*handler));
  }
  return "";
}

class Checker {
 public:
  void Parse(const ManifestFile& file) {
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(file.text);
    } catch (const YAML::Exception& e) {
      Problem(absl::StrCat(file.name, ": does not parse: ", e.what()));
      return;
    }
    for (size_t i = 0; i < documents.size(); ++i) {
      const YAML::Node& doc = documents[i];
      // An empty document (a "---" at the end) is skipped, as kubectl does.
      if (doc.IsNull()) continue;
      std::string where = absl::StrCat(file.name, ": document ", i + 1, ": ");
      if (!doc.IsMap()) {
        Problem(where + "not a map of fields");
        continue;
      }
      auto api_version = TextAt(doc, "apiVersion");
      auto kind = TextAt(doc, "kind");
      auto name = TextAt(doc, "metadata.name");
      if (!api_version || api_version->empty()) Problem(where + "apiVersion: missing");
      if (!kind || kind->empty()) Problem(where + "kind: missing");
      if (!name || name->empty()) Problem(where + "metadata.name: missing");
      if (!api_version || !kind || !name) continue;
      Object object{file.name, *kind, *name, doc};
      if (*kind == "Deployment") deployments_.push_back(object);
      if (*kind == "Service") services_.push_back(object);
      if (*kind == "PodDisruptionBudget") budgets_.push_back(object);
    }
  }

  std::vector<std::string> Check(std::vector<std::string>* checked) {
    for (const Object& deployment : deployments_) {
      if (checked != nullptr) checked->push_back(deployment.name);
      CheckDeployment(deployment);
    }
    for (const Object& service : services_) CheckService(service);
    return std::move(problems_);
  }

 private:
  void Problem(std::string text) { problems_.push_back(std::move(text)); }

  const Object* DeploymentSelectedBy(const Labels& selector) const {
    for (const Object& deployment : deployments_) {
      if (Selects(selector, PodLabels(deployment))) return &deployment;
    }
    return nullptr;
  }

  const Object* ServiceNamed(absl::string_view name) const {
    for (const Object& service : services_) {
      if (service.name == name) return &service;
    }
    return nullptr;
  }

  void CheckDeployment(const Object& d) {
    int64_t replicas = IntAt(d.node, "spec.replicas").value_or(kDefaultReplicas);
    if (replicas < 2) {
      Problem(d.Where("spec.replicas") +
              absl::StrCat(replicas,
                           ": at least 2, so that one replica serves while the other goes "
                           "(a node drained, a rollout, a crash)"));
    }
    Labels pod_labels = PodLabels(d);
    if (pod_labels.empty()) {
      Problem(d.Where("spec.template.metadata.labels") + "none: nothing can select the pods");
      return;
    }
    if (!Selects(LabelsAt(d.node, "spec.selector.matchLabels"), pod_labels)) {
      Problem(d.Where("spec.selector.matchLabels") +
              absl::StrCat("does not select the pod template's labels ", Describe(pod_labels)));
    }
    CheckDisruptionBudget(d, pod_labels, replicas);
    CheckAntiAffinity(d, pod_labels);
    std::vector<YAML::Node> containers = Containers(d);
    if (containers.empty()) Problem(d.Where("spec.template.spec.containers") + "none");
    for (const YAML::Node& container : containers) CheckContainer(d, container);
  }

  void CheckDisruptionBudget(const Object& d, const Labels& pod_labels, int64_t replicas) {
    const Object* budget = nullptr;
    for (const Object& pdb : budgets_) {
      if (Selects(LabelsAt(pdb.node, "spec.selector.matchLabels"), pod_labels)) budget = &pdb;
    }
    if (budget == nullptr) {
      Problem(d.Where("spec.template.metadata.labels") +
              absl::StrCat("no PodDisruptionBudget selects the pods (", Describe(pod_labels),
                           "): a node drain may evict every replica at once"));
      return;
    }
    auto api_version = TextAt(budget->node, "apiVersion");
    if (api_version != "policy/v1") {
      Problem(budget->Where("apiVersion") +
              absl::StrCat(api_version.value_or(""),
                           ": policy/v1 (policy/v1beta1 is gone since Kubernetes 1.25)"));
    }
    auto min_available = PodCount(budget->node, "spec.minAvailable", replicas);
    auto max_unavailable = PodCount(budget->node, "spec.maxUnavailable", replicas);
    if (min_available) {
      if (*min_available < 1 || *min_available >= replicas) {
        Problem(budget->Where("spec.minAvailable") +
                absl::StrCat(*min_available, " of ", replicas,
                             " replicas: at least 1 (one keeps serving) and fewer than the "
                             "replicas (else no node can ever be drained)"));
      }
    } else if (max_unavailable) {
      if (*max_unavailable < 1 || *max_unavailable >= replicas) {
        Problem(budget->Where("spec.maxUnavailable") +
                absl::StrCat(*max_unavailable, " of ", replicas,
                             " replicas: at least 1 (else no node can ever be drained) and "
                             "fewer than the replicas (one keeps serving)"));
      }
    } else {
      Problem(budget->Where("spec") + "neither minAvailable nor maxUnavailable is a pod count");
    }
  }

  void CheckAntiAffinity(const Object& d, const Labels& pod_labels) {
    constexpr char kField[] = "spec.template.spec.affinity.podAntiAffinity";
    std::vector<YAML::Node> terms;
    for (const YAML::Node& preferred : ItemsAt(
             d.node, absl::StrCat(kField, ".preferredDuringSchedulingIgnoredDuringExecution"))) {
      if (auto term = At(preferred, "podAffinityTerm")) terms.push_back(*term);
    }
    for (const YAML::Node& required :
         ItemsAt(d.node, absl::StrCat(kField, ".requiredDuringSchedulingIgnoredDuringExecution"))) {
      terms.push_back(required);
    }
    for (const YAML::Node& term : terms) {
      if (TextAt(term, "topologyKey") == kHostnameTopology &&
          Selects(LabelsAt(term, "labelSelector.matchLabels"), pod_labels)) {
        return;
      }
    }
    Problem(d.Where(kField) +
            absl::StrCat("no term on ", kHostnameTopology, " selecting the pods' own labels (",
                         Describe(pod_labels), "): both replicas may land on one node"));
  }

  void CheckContainer(const Object& d, const YAML::Node& container) {
    std::string field = absl::StrCat("spec.template.spec.containers[",
                                     TextAt(container, "name").value_or("?"), "]");
    Ports ports = PortsOf(container);
    CheckProbes(d, field, container, ports);
    CheckTermination(d, field, container);
    for (const auto& [name, value] : EnvOf(container)) {
      if (absl::StartsWith(name, "FS_") && absl::EndsWith(name, "_ADDRESS") && !value.empty()) {
        CheckAddress(d, absl::StrCat(field, ".env[", name, "]"), value);
      }
    }
  }

  void CheckProbes(const Object& d, const std::string& field, const YAML::Node& container,
                   const Ports& ports) {
    auto readiness = At(container, "readinessProbe");
    auto liveness = At(container, "livenessProbe");
    if (!readiness) {
      Problem(d.Where(field + ".readinessProbe") +
              "missing: a replica without its database would keep getting calls");
    }
    if (!liveness) {
      Problem(d.Where(field + ".livenessProbe") + "missing: a hung process is never restarted");
    }
    if (liveness && TextAt(*liveness, "grpc.service") != kLivenessHealthName) {
      Problem(d.Where(field + ".livenessProbe") +
              absl::StrCat("must be grpc with service '", kLivenessHealthName,
                           "', which stays SERVING while the database is down; anything "
                           "else restarts every pod in a database outage"));
    }
    if (readiness && liveness) {
      if (CheckOf(*readiness) == CheckOf(*liveness)) {
        Problem(d.Where(field + ".readinessProbe") +
                "checks the same as livenessProbe: readiness must follow the database (the "
                "server's health, service \"\"), liveness must not");
      }
    }
    for (const char* probe_name : {"readinessProbe", "livenessProbe", "startupProbe"}) {
      auto probe = At(container, probe_name);
      if (!probe) continue;
      for (const char* port_field : {"grpc.port", "httpGet.port", "tcpSocket.port"}) {
        auto port = TextAt(*probe, port_field);
        if (port && !ResolvePort(*port, ports)) {
          Problem(d.Where(absl::StrCat(field, ".", probe_name, ".", port_field)) +
                  absl::StrCat(*port, ": the container declares no such port"));
        }
      }
    }
  }

  void CheckTermination(const Object& d, const std::string& field, const YAML::Node& container) {
    std::string why;
    auto pre_stop = PreStopWait(container, &why);
    if (!pre_stop) Problem(d.Where(field + ".lifecycle.preStop") + why);
    auto env = EnvOf(container);
    auto grace_text = env.find("FS_SHUTDOWN_GRACE");
    absl::Duration drain;
    if (grace_text == env.end()) {
      Problem(d.Where(field + ".env[FS_SHUTDOWN_GRACE]") +
              "missing: set the drain explicitly, so terminationGracePeriodSeconds can be "
              "checked against it");
      return;
    }
    if (!absl::ParseDuration(grace_text->second, &drain)) {
      Problem(d.Where(field + ".env[FS_SHUTDOWN_GRACE]") +
              absl::StrCat("'", grace_text->second, "' is not a duration such as 15s"));
      return;
    }
    if (!pre_stop) return;
    int64_t grace = IntAt(d.node, "spec.template.spec.terminationGracePeriodSeconds")
                        .value_or(kDefaultTerminationGraceSeconds);
    absl::Duration needed = *pre_stop + drain + absl::Seconds(1);
    if (absl::Seconds(grace) < needed) {
      Problem(d.Where("spec.template.spec.terminationGracePeriodSeconds") +
              absl::StrCat(grace, ": at least ",
                           absl::ToInt64Seconds(absl::Ceil(needed, absl::Seconds(1))),
                           " (preStop sleep ", absl::FormatDuration(*pre_stop),
                           " + FS_SHUTDOWN_GRACE ", absl::FormatDuration(drain),
                           " + 1s), or the kubelet's SIGKILL cuts the drain short"));
    }
  }

  // `value`: host:port, a list of them, or dns:///host:port.
  void CheckAddress(const Object& d, const std::string& field, const std::string& value) {
    std::string where = d.Where(field) + absl::StrCat("'", value, "': ");
    absl::string_view target = value;
    absl::ConsumePrefix(&target, "dns:///");
    for (absl::string_view entry : absl::StrSplit(target, ',')) {
      entry = absl::StripAsciiWhitespace(entry);
      size_t colon = entry.rfind(':');
      int64_t port = 0;
      if (colon == absl::string_view::npos || !absl::SimpleAtoi(entry.substr(colon + 1), &port)) {
        Problem(where + absl::StrCat("'", entry, "' is not host:port"));
        continue;
      }
      // A Service is also reached as <name>.<namespace>.svc...
      absl::string_view host = entry.substr(0, colon);
      std::string service_name(host.substr(0, host.find('.')));
      const Object* service = ServiceNamed(service_name);
      if (service == nullptr) {
        Problem(where + absl::StrCat("no Service ", service_name, " in the manifests"));
        continue;
      }
      const YAML::Node* service_port = nullptr;
      std::vector<YAML::Node> service_ports = ItemsAt(service->node, "spec.ports");
      for (const YAML::Node& p : service_ports) {
        if (IntAt(p, "port") == port) service_port = &p;
      }
      if (service_port == nullptr) {
        Problem(where + absl::StrCat("Service ", service_name, " has no port ", port));
        continue;
      }
      if (TextAt(service->node, "spec.clusterIP") != "None") {
        Problem(where + absl::StrCat("Service ", service_name,
                                     " is not headless (clusterIP: None): gRPC keeps one "
                                     "connection to its virtual IP, so every call would go to "
                                     "one replica"));
        continue;
      }
      // Headless: clients connect to the pods themselves, at the port
      // dialled, which must therefore be the one the pods serve.
      const Object* target_deployment =
          DeploymentSelectedBy(LabelsAt(service->node, "spec.selector"));
      if (target_deployment == nullptr) continue;  // CheckService reports it
      auto served = ResolvePort(TextAt(*service_port, "targetPort").value_or(absl::StrCat(port)),
                                PortsOf(*target_deployment));
      if (served && *served != port) {
        Problem(where + absl::StrCat("the pods of Service ", service_name, " serve on ", *served,
                                     ", and a headless Service's clients dial the pods"));
      }
    }
  }

  // Every Service selects pods of these manifests, on ports they declare.
  void CheckService(const Object& s) {
    Labels selector = LabelsAt(s.node, "spec.selector");
    const Object* deployment = DeploymentSelectedBy(selector);
    if (deployment == nullptr) {
      Problem(s.Where("spec.selector") +
              absl::StrCat("'", Describe(selector), "' selects no Deployment's pods"));
      return;
    }
    Ports ports = PortsOf(*deployment);
    std::vector<YAML::Node> service_ports = ItemsAt(s.node, "spec.ports");
    if (service_ports.empty()) Problem(s.Where("spec.ports") + "none");
    for (const YAML::Node& p : service_ports) {
      auto port = TextAt(p, "port");
      auto target = TextAt(p, "targetPort");
      if (!port) {
        Problem(s.Where("spec.ports") + "an entry without port");
        continue;
      }
      std::string target_port = target.value_or(*port);
      if (!ResolvePort(target_port, ports)) {
        Problem(s.Where(absl::StrCat("spec.ports[", *port, "].targetPort")) +
                absl::StrCat(target_port, ": Deployment ", deployment->name,
                             " declares no such container port"));
      }
    }
  }

  std::vector<Object> deployments_;
  std::vector<Object> services_;
  std::vector<Object> budgets_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> CheckManifests(const std::vector<ManifestFile>& files,
                                        std::vector<std::string>* checked_deployments) {
  Checker checker;
  for (const ManifestFile& file : files) checker.Parse(file);
  return checker.Check(checked_deployments);
}

}  // namespace fieldservice::deploy
