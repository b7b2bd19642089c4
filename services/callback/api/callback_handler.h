// gRPC handlers of fieldservice.callback.v1.Callbacks: map the proto to the
// domain, call the use case (CallbackService) as the verified caller, map
// the answer back. No rule lives here.
#ifndef FIELDSERVICE_CALLBACK_API_CALLBACK_HANDLER_H_
#define FIELDSERVICE_CALLBACK_API_CALLBACK_HANDLER_H_

#include "fieldservice/callback/v1/callback_service.grpc.pb.h"
#include "services/callback/domain/callback_service.h"

namespace fieldservice::callback::api {

namespace v1 = ::fieldservice::callback::v1;

class CallbackHandler final : public v1::Callbacks::Service {
 public:
  explicit CallbackHandler(CallbackService& service) : service_(service) {}

  grpc::Status RecordVisitCompleted(grpc::ServerContext* context,
                                    const v1::RecordVisitCompletedRequest* request,
                                    v1::CallbackTask* response) override;
  grpc::Status ClaimNextCallback(grpc::ServerContext* context,
                                 const v1::ClaimNextCallbackRequest* request,
                                 v1::CallbackTask* response) override;
  grpc::Status GetCallback(grpc::ServerContext* context, const v1::GetCallbackRequest* request,
                           v1::CallbackTask* response) override;
  grpc::Status HeartbeatCallback(grpc::ServerContext* context,
                                 const v1::HeartbeatCallbackRequest* request,
                                 v1::CallbackTask* response) override;
  grpc::Status ReleaseCallback(grpc::ServerContext* context,
                               const v1::ReleaseCallbackRequest* request,
                               v1::CallbackTask* response) override;
  grpc::Status RecordAttempt(grpc::ServerContext* context, const v1::RecordAttemptRequest* request,
                             v1::CallbackTask* response) override;
  grpc::Status SubmitSurvey(grpc::ServerContext* context, const v1::SubmitSurveyRequest* request,
                            v1::CallbackTask* response) override;
  grpc::Status GetSurvey(grpc::ServerContext* context, const v1::GetSurveyRequest* request,
                         v1::Survey* response) override;
  grpc::Status DefineSurvey(grpc::ServerContext* context, const v1::DefineSurveyRequest* request,
                            v1::Survey* response) override;

 private:
  // The task and the questions of its survey.
  // `viewer` sees the customer's phone when they hold the task's claim.
  grpc::Status Answer(const absl::StatusOr<CallbackRecord>& record, v1::CallbackTask* response,
                      const std::string& viewer);

  CallbackService& service_;
};

}  // namespace fieldservice::callback::api

#endif  // FIELDSERVICE_CALLBACK_API_CALLBACK_HANDLER_H_
