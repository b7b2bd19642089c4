#include "tests/support/reflection_client.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "services/common/service_channel.h"

namespace fieldservice::testing {
namespace {

namespace pb = ::google::protobuf;
namespace reflection = ::grpc::reflection::v1alpha;

// A list the round-robin channel refuses still makes a channel, whose
// calls then fail: a test client has no start-up to refuse.
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address,
                                         std::shared_ptr<grpc::ChannelCredentials> credentials) {
  auto channel = common::OpenServiceChannel(address, credentials);
  if (channel.ok()) return *std::move(channel);
  return grpc::CreateChannel(address, std::move(credentials));
}

absl::Status FromGrpc(const grpc::Status& status) {
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (!status.ok() && !status.error_details().empty()) {
    out.SetPayload(kStatusDetailsPayload, absl::Cord(status.error_details()));
  }
  return out;
}

std::chrono::system_clock::time_point DeadlineAfter(absl::Duration d) {
  return absl::ToChronoTime(absl::Now() + d);
}

// One reflection stream: each request gets exactly one answer, in order
// (that is the protocol), so a request/answer pair is a blocking round trip.
class ReflectionSession {
 public:
  ReflectionSession(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout)
      : stub_(reflection::ServerReflection::NewStub(channel)) {
    context_.set_deadline(DeadlineAfter(timeout));
    stream_ = stub_->ServerReflectionInfo(&context_);
  }

  ~ReflectionSession() {
    if (finished_) return;
    stream_->WritesDone();
    stream_->Finish().IgnoreError();  // nothing left to learn from it
  }

  absl::StatusOr<reflection::ServerReflectionResponse> Ask(
      const reflection::ServerReflectionRequest& request) {
    reflection::ServerReflectionResponse response;
    if (!stream_->Write(request) || !stream_->Read(&response)) {
      // The stream broke; Finish says why (unavailable, deadline, ...).
      stream_->WritesDone();
      absl::Status why = FromGrpc(stream_->Finish());
      finished_ = true;
      return why.ok() ? absl::UnavailableError("reflection stream closed") : why;
    }
    if (response.has_error_response()) {
      return absl::Status(static_cast<absl::StatusCode>(response.error_response().error_code()),
                          absl::StrCat("reflection: ", response.error_response().error_message()));
    }
    return response;
  }

 private:
  std::unique_ptr<reflection::ServerReflection::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<reflection::ServerReflectionRequest,
                                           reflection::ServerReflectionResponse>>
      stream_;
  bool finished_ = false;
};

// Collects the pool's complaints about a file so the test can show them.
class ErrorCollector : public pb::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const pb::Message* descriptor, ErrorLocation location,
                const std::string& message) override {
    absl::StrAppend(&errors_, filename, ": ", element_name, ": ", message, "; ");
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string errors_;
};

using FileMap = std::map<std::string, pb::FileDescriptorProto>;

// Adds the files of a reflection answer to `files`, keyed by name.
absl::Status AddFiles(const reflection::ServerReflectionResponse& response, FileMap& files) {
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    pb::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      return absl::DataLossError("reflection sent an unreadable file descriptor");
    }
    std::string name = file.name();
    files.emplace(std::move(name), std::move(file));
  }
  return absl::OkStatus();
}

// Builds `name` into `pool`, its dependencies first (a pool only accepts a
// file whose imports it already has).
absl::Status BuildInOrder(const std::string& name, const FileMap& files, pb::DescriptorPool& pool) {
  if (pool.FindFileByName(name) != nullptr) return absl::OkStatus();
  auto it = files.find(name);
  if (it == files.end()) {
    return absl::NotFoundError(absl::StrCat("reflection did not send ", name));
  }
  for (const std::string& dependency : it->second.dependency()) {
    if (absl::Status s = BuildInOrder(dependency, files, pool); !s.ok()) return s;
  }
  ErrorCollector errors;
  if (pool.BuildFileCollectingErrors(it->second, &errors) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot build ", name, ": ", errors.errors()));
  }
  return absl::OkStatus();
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

}  // namespace

std::optional<std::string> StatusDetailsBin(const absl::Status& status) {
  auto payload = status.GetPayload(kStatusDetailsPayload);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

ReflectionClient::ReflectionClient(const std::string& address,
                                   std::shared_ptr<grpc::ChannelCredentials> credentials,
                                   absl::Duration call_timeout)
    : channel_(ChannelTo(address, std::move(credentials))),
      call_timeout_(call_timeout),
      factory_(&pool_) {}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListServices() {
  ReflectionSession session(channel_, call_timeout_);
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  auto response = session.Ask(request);
  if (!response.ok()) return response.status();
  std::vector<std::string> names;
  for (const auto& service : response->list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

absl::StatusOr<std::vector<std::string>> ReflectionClient::ListMethods(
    const std::string& service_name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = LoadSymbol(service_name); !s.ok()) return s;
  const pb::ServiceDescriptor* service = pool_.FindServiceByName(service_name);
  if (service == nullptr) return absl::NotFoundError(absl::StrCat("no service ", service_name));
  std::vector<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) {
    methods.push_back(absl::StrCat(service_name, "/", service->method(i)->name()));
  }
  return methods;
}

absl::Status ReflectionClient::LoadSymbol(const std::string& symbol) {
  if (pool_.FindFileContainingSymbol(symbol) != nullptr) return absl::OkStatus();
  ReflectionSession session(channel_, call_timeout_);
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  auto first = session.Ask(request);
  if (!first.ok()) return first.status();
  if (first->file_descriptor_response().file_descriptor_proto().empty()) {
    return absl::NotFoundError(absl::StrCat("reflection knows no ", symbol));
  }
  FileMap files;
  if (absl::Status s = AddFiles(*first, files); !s.ok()) return s;
  // The server decides how many dependencies it sends along (gRPC C++ sends
  // them all, others only the file); fetch whatever is still missing by name.
  pb::FileDescriptorProto root;
  root.ParseFromString(first->file_descriptor_response().file_descriptor_proto(0));
  std::vector<std::string> pending(root.dependency().begin(), root.dependency().end());
  std::set<std::string> asked;
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    if (files.count(name) == 0 && pool_.FindFileByName(name) == nullptr &&
        asked.insert(name).second) {
      reflection::ServerReflectionRequest by_name;
      by_name.set_file_by_filename(name);
      auto answer = session.Ask(by_name);
      if (!answer.ok()) return answer.status();
      if (absl::Status s = AddFiles(*answer, files); !s.ok()) return s;
    }
    auto it = files.find(name);
    if (it == files.end()) continue;  // already in the pool
    for (const std::string& d : it->second.dependency()) {
      if (files.count(d) == 0) pending.push_back(d);
    }
  }
  return BuildInOrder(root.name(), files, pool_);
}

absl::StatusOr<ReflectionClient::MethodTypes> ReflectionClient::Resolve(const std::string& method,
                                                                        bool server_streaming) {
  size_t slash = method.find('/');
  if (slash == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("method must be \"package.Service/Method\", got ", method));
  }
  const std::string service_name = method.substr(0, slash);
  const std::string method_name = method.substr(slash + 1);
  // Prototypes live as long as the factory, so they are safe to use after
  // the lock is released; only the pool and factory need it.
  absl::MutexLock lock(&mu_);
  if (absl::Status s = LoadSymbol(service_name); !s.ok()) return s;
  const pb::ServiceDescriptor* service = pool_.FindServiceByName(service_name);
  const pb::MethodDescriptor* m =
      service == nullptr ? nullptr : service->FindMethodByName(method_name);
  if (m == nullptr) return absl::NotFoundError(absl::StrCat("no method ", method));
  if (m->client_streaming() || m->server_streaming() != server_streaming) {
    return absl::InvalidArgumentError(absl::StrCat(
        method, server_streaming ? " is not a server-streaming method" : " is a streaming method"));
  }
  return MethodTypes{factory_.GetPrototype(m->input_type()),
                     factory_.GetPrototype(m->output_type())};
}

namespace {

absl::StatusOr<std::string> RequestBytes(const pb::Message& prototype, const std::string& method,
                                         const std::string& request_json) {
  std::unique_ptr<pb::Message> request(prototype.New());
  if (auto parsed = pb::util::JsonStringToMessage(request_json, request.get()); !parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("request JSON for ", method, ": ", parsed.ToString()));
  }
  return request->SerializeAsString();
}

absl::StatusOr<std::string> ResponseJson(const pb::Message& prototype, const std::string& method,
                                         const grpc::ByteBuffer& bytes) {
  std::unique_ptr<pb::Message> response(prototype.New());
  if (!response->ParseFromString(ToString(bytes))) {
    return absl::DataLossError(absl::StrCat("unreadable response from ", method));
  }
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (auto printed = pb::util::MessageToJsonString(*response, &json, options); !printed.ok()) {
    return absl::InternalError(absl::StrCat("response as JSON: ", printed.ToString()));
  }
  return json;
}

}  // namespace

absl::StatusOr<std::string> ReflectionClient::CallJson(
    const std::string& method, const std::string& request_json,
    const std::map<std::string, std::string>& metadata) {
  auto types = Resolve(method, /*server_streaming=*/false);
  if (!types.ok()) return types.status();
  auto bytes = RequestBytes(*types->request, method, request_json);
  if (!bytes.ok()) return bytes.status();
  grpc::Slice request_slice(*bytes);
  grpc::ByteBuffer request_buffer(&request_slice, 1);
  grpc::ByteBuffer response_buffer;

  grpc::ClientContext context;
  context.set_deadline(DeadlineAfter(call_timeout_));
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  grpc::GenericStub stub(channel_);
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(&context, absl::StrCat("/", method), grpc::StubOptions(), &request_buffer,
                 &response_buffer, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  // Bounded: the context's deadline ends the call at the latest.
  done.WaitForNotification();
  if (!status.ok()) return FromGrpc(status);
  return ResponseJson(*types->response, method, response_buffer);
}

ReflectionClient::Streamed ReflectionClient::StreamJson(const std::string& method,
                                                        const std::string& request_json,
                                                        size_t max_messages,
                                                        absl::Duration timeout) {
  Streamed out;
  auto types = Resolve(method, /*server_streaming=*/true);
  if (!types.ok()) {
    out.status = types.status();
    return out;
  }
  auto bytes = RequestBytes(*types->request, method, request_json);
  if (!bytes.ok()) {
    out.status = bytes.status();
    return out;
  }
  grpc::Slice request_slice(*bytes);
  grpc::ByteBuffer request_buffer(&request_slice, 1);
  grpc::ClientContext context;
  context.set_deadline(DeadlineAfter(timeout));
  const std::string path = absl::StrCat("/", method);
  // The generated stubs' own reader, over raw bytes: no schema compiled in.
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
          channel_.get(),
          grpc::internal::RpcMethod(path.c_str(), grpc::internal::RpcMethod::SERVER_STREAMING,
                                    channel_),
          &context, request_buffer));
  grpc::ByteBuffer message;
  bool open = true;
  while (out.messages.size() < max_messages && (open = reader->Read(&message))) {
    auto json = ResponseJson(*types->response, method, message);
    if (!json.ok()) {
      out.status = json.status();
      break;
    }
    out.messages.push_back(*std::move(json));
  }
  if (open) {
    // Enough read: cut it, as a phone going offline does.
    context.TryCancel();
    while (reader->Read(&message)) {
    }
  }
  grpc::Status finished = reader->Finish();
  if (out.status.ok()) out.status = FromGrpc(finished);
  return out;
}

}  // namespace fieldservice::testing
