// controlctl: the operator's command line for controld's admin API. Tables by default, the
// raw JSON with --json. Exit status: 0 done, 1 controld refused or could not be reached, 2 a
// usage error.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "control/ctl/blocking_call.h"
#include "control/ctl/tables.h"
#include "core/auth/admin_signature.h"
#include "core/base/clock.h"
#include "swipecdn/version.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr auto kTimeout = std::chrono::milliseconds(5'000);

struct Command {
  std::string name;  // pops, drain, undrain, plan, leader
  std::string pop;
};

core::http::Request build_request(const Command& command, const std::string& secret) {
  core::http::Request request;
  request.method = "GET";
  if (command.name == "pops") request.target = "/api/pops";
  if (command.name == "leader") request.target = "/api/leader";
  if (command.name == "plan") request.target = "/api/pops/" + command.pop + "/plan";
  if (command.name == "drain" || command.name == "undrain") {
    const core::base::SystemClock clock;
    request.method = "POST";
    request.target = "/api/pops/" + command.pop + "/" + command.name;
    // The body names what is asked, so the signature covers it; the nonce keeps two requests
    // of one second apart for the replay check.
    request.body =
        nlohmann::json{{"pop", command.pop},
                       {"action", command.name},
                       {"nonce", std::chrono::system_clock::now().time_since_epoch().count()}}
            .dump();
    request.headers.set("content-type", "application/json");
    core::auth::add_signature(request.headers, secret, clock.unix_seconds(), request.body);
  }
  return request;
}

std::string table(const Command& command, const nlohmann::json& body) {
  if (command.name == "pops") return control::ctl::pops_table(body);
  if (command.name == "plan") return control::ctl::plan_table(body);
  if (command.name == "leader") return control::ctl::leader_table(body);
  return command.pop + (command.name == "drain" ? ": drained\n" : ": active\n");
}

int run(const std::string& url, const std::string& secret, bool json, const Command& command) {
  if ((command.name == "drain" || command.name == "undrain") && secret.empty()) {
    std::fprintf(stderr, "controlctl: %s needs --secret (the shared admin secret)\n",
                 command.name.c_str());
    return kExitUsage;
  }
  auto reply = control::ctl::blocking_call(url, build_request(command, secret), kTimeout);
  if (!reply) {
    std::fprintf(stderr, "controlctl: %s: %s\n", url.c_str(), reply.error().c_str());
    return kExitFailure;
  }
  auto body = nlohmann::json::parse(reply->body, nullptr, false);
  if (reply->status < 200 || reply->status > 299) {
    const std::string why = body.is_object() ? body.value("error", reply->body) : reply->body;
    std::fprintf(stderr, "controlctl: %s answered %d: %s\n", url.c_str(), reply->status,
                 why.c_str());
    return kExitFailure;
  }
  if (body.is_discarded()) {
    std::fprintf(stderr, "controlctl: %s answered something that is not JSON\n", url.c_str());
    return kExitFailure;
  }
  std::fputs(json ? (body.dump(2) + "\n").c_str() : table(command, body).c_str(), stdout);
  return 0;
}

int cli(int argc, char** argv) {
  CLI::App app("controlctl: operate controld (PoPs, drain, plans, leader)", "controlctl");
  std::string url = "http://127.0.0.1:8090";
  std::string secret;
  bool json = false;
  bool version = false;
  app.add_option("--controld", url, "controld's admin URL (http://IP:port)")->type_name("URL");
  app.add_option("--secret", secret, "the shared admin secret, for drain and undrain")
      ->type_name("TEXT");
  app.add_flag("--json", json, "print controld's JSON as it came");
  app.add_flag("--version", version, "print the version and exit");
  Command command;
  app.add_subcommand("pops", "list the PoPs, their edges' health and drained state");
  for (const char* name : {"drain", "undrain", "plan"}) {
    app.add_subcommand(name, std::string(name) + " a PoP")
        ->add_option("POP", command.pop, "the PoP's name")
        ->required();
  }
  app.add_subcommand("leader", "which controld replica leads");
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& error) {
    std::fprintf(stderr, "controlctl: %s\n", error.what());
    return kExitUsage;
  }
  if (version) {
    std::printf("controlctl %s\n", swipecdn::kVersion);
    return 0;
  }
  if (app.get_subcommands().empty()) {
    std::fprintf(stderr, "controlctl: a command is needed: pops, drain, undrain, plan, leader\n");
    return kExitUsage;
  }
  command.name = app.get_subcommands().front()->get_name();
  return run(url, secret, json, command);
}

}  // namespace

int main(int argc, char** argv) {
  // CLI11 and the JSON library report what they cannot do by throwing; a clear line on stderr
  // is what a command-line tool owes its user then.
  try {
    return cli(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "controlctl: %s\n", error.what());
    return kExitFailure;
  }
}
