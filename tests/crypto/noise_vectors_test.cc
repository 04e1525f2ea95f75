// Replays every Noise test vector in tests/vectors/noise (see its README):
// the cacophony main files, the snow and noise-c extras, our generated sets
// and the negative XXpsk3 set. Each vector is its own test case, named after
// its file and index, so a failure says exactly which one broke.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "crypto/noise_handshake.h"

namespace rapport::crypto {
namespace {

using nlohmann::json;

struct VectorFile {
  const char* path;   // relative to RAPPORT_VECTORS_DIR/noise
  const char* label;  // used in test names
  std::size_t count;  // as listed in the README
  bool negative;
};

constexpr VectorFile kFiles[] = {
    {"Noise_XX_25519_ChaChaPoly_BLAKE2b.json", "main_XX", 1, false},
    {"Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b.json", "main_XXpsk3", 1, false},
    {"Noise_NN_25519_ChaChaPoly_BLAKE2b.json", "main_NN", 1, false},
    {"Noise_IK_25519_ChaChaPoly_BLAKE2b.json", "main_IK", 1, false},
    {"extra/Noise_XX_25519_ChaChaPoly_BLAKE2b.snow.json", "extra_snow_XX", 1, false},
    {"extra/Noise_NN_25519_ChaChaPoly_BLAKE2b.snow.json", "extra_snow_NN", 1, false},
    {"extra/Noise_IK_25519_ChaChaPoly_BLAKE2b.snow.json", "extra_snow_IK", 1, false},
    {"extra/Noise_XX_25519_ChaChaPoly_BLAKE2b.noise-c.json", "extra_noisec_XX", 1, false},
    {"extra/Noise_NN_25519_ChaChaPoly_BLAKE2b.noise-c.json", "extra_noisec_NN", 1, false},
    {"extra/Noise_IK_25519_ChaChaPoly_BLAKE2b.noise-c.json", "extra_noisec_IK", 1, false},
    {"generated/Noise_XX_25519_ChaChaPoly_BLAKE2b.json", "generated_XX", 32, false},
    {"generated/Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b.json", "generated_XXpsk3", 32, false},
    {"generated/Noise_NN_25519_ChaChaPoly_BLAKE2b.json", "generated_NN", 32, false},
    {"generated/Noise_IK_25519_ChaChaPoly_BLAKE2b.json", "generated_IK", 32, false},
    {"generated/negative/Noise_XXpsk3_25519_ChaChaPoly_BLAKE2b.json", "negative_XXpsk3", 4, true},
};

// Each file is parsed once and kept for the whole run.
const json& LoadFile(const std::string& relative) {
  static std::map<std::string, json> cache;
  auto it = cache.find(relative);
  if (it != cache.end()) return it->second;
  const std::string path = std::string(RAPPORT_VECTORS_DIR) + "/noise/" + relative;
  std::ifstream in(path);
  json parsed = in ? json::parse(in, nullptr, /*allow_exceptions=*/false) : json();
  return cache.emplace(relative, std::move(parsed)).first->second;
}

std::size_t VectorCount(const json& file) {
  if (!file.is_object() || !file.contains("vectors") || !file["vectors"].is_array()) return 0;
  return file["vectors"].size();
}

struct VectorCase {
  const VectorFile* file;
  std::size_t index;
};

// Every vector of every file, or only those of the negative files.
std::vector<VectorCase> Cases(bool negative_only) {
  std::vector<VectorCase> cases;
  for (const VectorFile& file : kFiles) {
    if (negative_only && !file.negative) continue;
    // Register what the README promises even if the file is unreadable, so
    // a missing file fails loudly instead of shrinking the suite.
    const std::size_t n = std::max(file.count, VectorCount(LoadFile(file.path)));
    for (std::size_t i = 0; i < n; ++i) cases.push_back({&file, i});
  }
  return cases;
}

Bytes Hex(const json& value) {
  const std::string hex = value.get<std::string>();
  // FromHex("") hands libsodium a null output pointer (UBSan flags it), so
  // the empty string, common in these files, is decoded here.
  if (hex.empty()) return {};
  std::optional<Bytes> bytes = FromHex(hex);
  if (!bytes) ADD_FAILURE() << "bad hex: " << value;
  return bytes.value_or(Bytes{});
}

bool Has(const json& v, const char* key) {
  if (!v.contains(key)) return false;
  const json& x = v[key];
  return !(x.is_null() || (x.is_string() && x.get<std::string>().empty()) ||
           (x.is_array() && x.empty()));
}

// The protocol name from the cacophony schema or the older noise-c one.
std::string ProtocolName(const json& v) {
  if (v.contains("protocol_name")) return v["protocol_name"].get<std::string>();
  const std::string name = v["name"].get<std::string>();
  const std::string assembled = "Noise_" + v["pattern"].get<std::string>() + "_" +
                                v["dh"].get<std::string>() + "_" + v["cipher"].get<std::string>() +
                                "_" + v["hash"].get<std::string>();
  EXPECT_EQ(name, assembled) << "noise-c fields disagree with the name";
  return name;
}

DhKeyPair KeyPair(const json& hex) { return *DhKeyPair::FromSecret(Hex(hex)); }

// A side's config from the vector's init_* or resp_* fields.
NoiseHandshakeConfig SideConfig(const json& v, NoiseProtocol protocol, NoiseRole role,
                                const char* psk_field) {
  const std::string p = role == NoiseRole::kInitiator ? "init_" : "resp_";
  NoiseHandshakeConfig config;
  config.protocol = protocol;
  config.role = role;
  if (Has(v, (p + "prologue").c_str())) config.prologue = Hex(v[p + "prologue"]);
  if (Has(v, (p + "static").c_str())) config.local_static = KeyPair(v[p + "static"]);
  if (Has(v, (p + "remote_static").c_str())) {
    const Bytes rs = Hex(v[p + "remote_static"]);
    DhPublicKey key{};
    if (rs.size() == key.size())
      std::copy(rs.begin(), rs.end(), key.begin());
    else
      ADD_FAILURE() << p << "remote_static has the wrong length";
    config.remote_static = key;
  }
  if (Has(v, psk_field)) {
    const json& psks = v[psk_field];
    EXPECT_EQ(psks.size(), 1u) << "these patterns take exactly one PSK";
    config.psk = SecretBuffer::CopyOf(Hex(psks[0]));
  }
  config.fixed_ephemeral = KeyPair(v[p + "ephemeral"]);
  return config;
}

DhPublicKey PublicOf(const json& private_hex) { return KeyPair(private_hex).public_key(); }

// Prints a case as "file[index]" in gtest's listings and failure messages.
void PrintTo(const VectorCase& c, std::ostream* os) {
  *os << c.file->path << "[" << c.index << "]";
}

class NoiseVectorTest : public ::testing::TestWithParam<VectorCase> {};
class NoiseNegativeVectorTest : public ::testing::TestWithParam<VectorCase> {};

// Runs the handshake of `v`; for a negative vector, expects the responder to
// fail at the last listed message. Returns the two sides on success.
struct Sides {
  std::optional<HandshakeState> initiator;
  std::optional<HandshakeState> responder;
};

void RunHandshake(const json& v, bool expect_failure, const char* resp_psk_field, Sides& sides) {
  const Result<NoiseProtocol> protocol = ProtocolFromName(ProtocolName(v));
  ASSERT_TRUE(protocol) << protocol.error().message;
  const NoisePattern& pattern = PatternFor(*protocol);

  auto init = HandshakeState::Create(SideConfig(v, *protocol, NoiseRole::kInitiator, "init_psks"));
  ASSERT_TRUE(init) << init.error().message;
  auto resp =
      HandshakeState::Create(SideConfig(v, *protocol, NoiseRole::kResponder, resp_psk_field));
  ASSERT_TRUE(resp) << resp.error().message;
  sides.initiator.emplace(std::move(*init));
  sides.responder.emplace(std::move(*resp));

  const json& messages = v["messages"];
  const std::size_t handshake_messages = pattern.messages.size();
  ASSERT_GE(messages.size(), expect_failure ? 1 : handshake_messages);
  const std::size_t listed = expect_failure ? messages.size() : handshake_messages;
  if (expect_failure) {
    ASSERT_LE(listed, handshake_messages);
  }

  for (std::size_t i = 0; i < listed; ++i) {
    SCOPED_TRACE("handshake message " + std::to_string(i));
    HandshakeState& writer = i % 2 == 0 ? *sides.initiator : *sides.responder;
    HandshakeState& reader = i % 2 == 0 ? *sides.responder : *sides.initiator;
    const Bytes payload = Hex(messages[i]["payload"]);
    const Bytes ciphertext = Hex(messages[i]["ciphertext"]);

    ASSERT_TRUE(writer.IsMyTurnToWrite());
    auto written = writer.WriteMessage(payload);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(ToHex(*written), ToHex(ciphertext));

    auto read = reader.ReadMessage(ciphertext);
    if (expect_failure && i + 1 == listed) {
      ASSERT_FALSE(read) << "the responder accepted a message written with another PSK";
      EXPECT_EQ(i % 2, 0u) << "negative vectors fail on the responder side";
      EXPECT_EQ(read.error().code, ErrorCode::kAuthenticationFailed);
      EXPECT_TRUE(reader.HasFailed());
      // Stays failed: even the same message again is refused.
      auto again = reader.ReadMessage(ciphertext);
      ASSERT_FALSE(again);
      EXPECT_EQ(again.error().code, ErrorCode::kProtocol);
      EXPECT_FALSE(reader.IsComplete());
      EXPECT_FALSE(reader.Split());
      EXPECT_FALSE(reader.GetHandshakeHash());
      EXPECT_FALSE(reader.RemoteStatic());
      return;
    }
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(ToHex(*read), ToHex(payload));
  }
  ASSERT_FALSE(expect_failure) << "a negative vector completed its handshake";
  EXPECT_TRUE(sides.initiator->IsComplete());
  EXPECT_TRUE(sides.responder->IsComplete());
}

void ExpectTransport(const json& v, std::size_t handshake_messages, NoiseTransport& init,
                     NoiseTransport& resp) {
  const json& messages = v["messages"];
  for (std::size_t i = handshake_messages; i < messages.size(); ++i) {
    SCOPED_TRACE("transport message " + std::to_string(i));
    // The direction keeps alternating from the start of the conversation:
    // even indices go initiator -> responder (c1), odd ones the other way (c2).
    const bool from_initiator = i % 2 == 0;
    CipherState& send = from_initiator ? init.send : resp.send;
    CipherState& receive = from_initiator ? resp.receive : init.receive;
    const Bytes payload = Hex(messages[i]["payload"]);
    const Bytes ciphertext = Hex(messages[i]["ciphertext"]);
    auto sealed = send.EncryptWithAd({}, payload);
    ASSERT_TRUE(sealed) << sealed.error().message;
    EXPECT_EQ(ToHex(*sealed), ToHex(ciphertext));
    auto opened = receive.DecryptWithAd({}, ciphertext);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(ToHex(*opened), ToHex(payload));
  }
}

TEST_P(NoiseVectorTest, Replays) {
  const VectorCase& c = GetParam();
  const json& file = LoadFile(c.file->path);
  ASSERT_GT(VectorCount(file), c.index) << "cannot read " << c.file->path;
  const json& v = file["vectors"][c.index];
  const bool negative = v.value("fail", false);
  ASSERT_EQ(negative, c.file->negative) << "`fail` does not match the file's folder";

  Sides sides;
  RunHandshake(v, negative, "resp_psks", sides);
  if (HasFatalFailure() || negative) return;

  HandshakeState& init = *sides.initiator;
  HandshakeState& resp = *sides.responder;
  auto init_hash = init.GetHandshakeHash();
  auto resp_hash = resp.GetHandshakeHash();
  ASSERT_TRUE(init_hash);
  ASSERT_TRUE(resp_hash);
  EXPECT_EQ(ToHex(*init_hash), ToHex(*resp_hash));
  if (Has(v, "handshake_hash")) {
    EXPECT_EQ(ToHex(*init_hash), v["handshake_hash"].get<std::string>());
  }

  // Each side learned (or was given) the other's static key, if it has one.
  if (Has(v, "resp_static")) {
    ASSERT_TRUE(init.RemoteStatic());
    EXPECT_EQ(ToHex(*init.RemoteStatic()), ToHex(PublicOf(v["resp_static"])));
  } else {
    EXPECT_FALSE(init.RemoteStatic());
  }
  if (Has(v, "init_static")) {
    ASSERT_TRUE(resp.RemoteStatic());
    EXPECT_EQ(ToHex(*resp.RemoteStatic()), ToHex(PublicOf(v["init_static"])));
  } else {
    EXPECT_FALSE(resp.RemoteStatic());
  }

  auto init_transport = init.Split();
  auto resp_transport = resp.Split();
  ASSERT_TRUE(init_transport);
  ASSERT_TRUE(resp_transport);
  ExpectTransport(v, init.pattern().messages.size(), *init_transport, *resp_transport);
}

// A negative vector fails only because of the PSK: with the initiator's PSK
// on both sides the very same messages complete the handshake.
TEST_P(NoiseNegativeVectorTest, CompletesWithMatchingPsk) {
  const VectorCase& c = GetParam();
  const json& file = LoadFile(c.file->path);
  ASSERT_GT(VectorCount(file), c.index);
  const json& v = file["vectors"][c.index];
  ASSERT_NE(v["init_psks"], v["resp_psks"]);
  Sides sides;
  RunHandshake(v, /*expect_failure=*/false, "init_psks", sides);
}

std::string CaseName(const ::testing::TestParamInfo<VectorCase>& info) {
  return std::string(info.param.file->label) + "_" + std::to_string(info.param.index);
}

INSTANTIATE_TEST_SUITE_P(AllFiles, NoiseVectorTest, ::testing::ValuesIn(Cases(false)), CaseName);
INSTANTIATE_TEST_SUITE_P(NegativeFiles, NoiseNegativeVectorTest, ::testing::ValuesIn(Cases(true)),
                         CaseName);

// Guards against a file that silently shrinks or disappears.
TEST(NoiseVectorFiles, CountsMatchReadme) {
  std::size_t total = 0;
  for (const VectorFile& file : kFiles) {
    EXPECT_EQ(VectorCount(LoadFile(file.path)), file.count) << file.path;
    total += VectorCount(LoadFile(file.path));
  }
  EXPECT_EQ(total, 4u + 6u + 128u + 4u);
}

}  // namespace
}  // namespace rapport::crypto
