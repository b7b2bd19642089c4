# fs_proto_library(<target> <source dir> <proto files relative to it...>):
# a static library of the C++ generated from the given .proto files (gRPC
# stubs for files that declare a service), its headers under the build dir.
function(fs_proto_library target dir)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_gen)
  file(MAKE_DIRECTORY ${out})
  set(srcs)
  foreach(rel ${ARGN})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(outs ${out}/${stem}.pb.cc ${out}/${stem}.pb.h)
    file(STRINGS ${dir}/${rel} has_service REGEX "^service ")
    if(has_service)
      list(APPEND outs ${out}/${stem}.grpc.pb.cc ${out}/${stem}.grpc.pb.h)
      set(grpc_args --grpc_out=${out} --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN})
    else()
      set(grpc_args)
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc --cpp_out=${out} ${grpc_args} -I ${dir} ${rel}
      WORKING_DIRECTORY ${dir}
      DEPENDS ${dir}/${rel}
      COMMENT "protoc ${rel}")
    list(FILTER outs INCLUDE REGEX "\\.cc$")
    list(APPEND srcs ${outs})
  endforeach()
  add_library(${target} STATIC ${srcs})
  target_include_directories(${target} PUBLIC ${out})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++)
endfunction()
