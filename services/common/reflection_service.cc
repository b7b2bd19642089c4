#include "services/common/reflection_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <set>

namespace fieldservice::common {
namespace {

namespace pb = ::google::protobuf;
namespace v1alpha = ::grpc::reflection::v1alpha;

// One stream: reads a request, writes its answer, and only then reads the
// next, so a client that stops reading stops the stream where it is.
class ReflectionStream final : public grpc::ServerBidiReactor<v1alpha::ServerReflectionRequest,
                                                              v1alpha::ServerReflectionResponse> {
 public:
  explicit ReflectionStream(const std::vector<std::string>& services) : services_(services) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client closed its side, or the call ended
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    Answer();
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  void Answer() {
    response_.set_valid_host(request_.host());
    *response_.mutable_original_request() = request_;
    const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
    switch (request_.message_request_case()) {
      case v1alpha::ServerReflectionRequest::kListServices:
        for (const std::string& name : services_) {
          response_.mutable_list_services_response()->add_service()->set_name(name);
        }
        return;
      case v1alpha::ServerReflectionRequest::kFileByFilename:
        return SendFile(pool->FindFileByName(request_.file_by_filename()), "file");
      case v1alpha::ServerReflectionRequest::kFileContainingSymbol:
        return SendFile(pool->FindFileContainingSymbol(request_.file_containing_symbol()),
                        "symbol");
      case v1alpha::ServerReflectionRequest::kFileContainingExtension: {
        const auto& wanted = request_.file_containing_extension();
        const pb::Descriptor* type = pool->FindMessageTypeByName(wanted.containing_type());
        const pb::FieldDescriptor* extension =
            type == nullptr ? nullptr
                            : pool->FindExtensionByNumber(type, wanted.extension_number());
        return SendFile(extension == nullptr ? nullptr : extension->file(), "extension");
      }
      case v1alpha::ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const pb::Descriptor* type =
            pool->FindMessageTypeByName(request_.all_extension_numbers_of_type());
        if (type == nullptr) return Fail(grpc::StatusCode::NOT_FOUND, "type not found");
        std::vector<const pb::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* numbers = response_.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
        return;
      }
      case v1alpha::ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
        return Fail(grpc::StatusCode::UNIMPLEMENTED, "the request asks for nothing known");
    }
  }

  // The file and every file it needs that this stream has not sent yet.
  void SendFile(const pb::FileDescriptor* file, const char* what) {
    if (file == nullptr) {
      return Fail(grpc::StatusCode::NOT_FOUND, std::string(what) + " not found");
    }
    auto* files = response_.mutable_file_descriptor_response();
    std::vector<const pb::FileDescriptor*> pending = {file};
    while (!pending.empty()) {
      const pb::FileDescriptor* next = pending.back();
      pending.pop_back();
      // The asked-for file is always sent, even when sent before.
      if (!sent_.insert(next->name()).second && next != file) continue;
      pb::FileDescriptorProto proto;
      next->CopyTo(&proto);
      files->add_file_descriptor_proto(proto.SerializeAsString());
      for (int i = 0; i < next->dependency_count(); ++i) pending.push_back(next->dependency(i));
    }
  }

  void Fail(grpc::StatusCode code, const std::string& message) {
    auto* error = response_.mutable_error_response();
    error->set_error_code(code);
    error->set_error_message(message);
  }

  const std::vector<std::string>& services_;
  v1alpha::ServerReflectionRequest request_;
  v1alpha::ServerReflectionResponse response_;
  std::set<std::string> sent_;  // files already sent on this stream
};

}  // namespace

grpc::ServerBidiReactor<v1alpha::ServerReflectionRequest, v1alpha::ServerReflectionResponse>*
ReflectionService::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionStream(services_);
}

}  // namespace fieldservice::common
