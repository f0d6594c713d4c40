// TokenService: HS256 round trip, the algorithm pin (none, HS384/HS512,
// RS256 without a key, HS256 keyed with the RS256 public key), RS256 from a
// configured identity provider, and the time and claim checks.
#include "auth/token_service.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fakes.hpp"

namespace dashboard::server::auth {

// Failure messages name the error instead of dumping its bytes.
inline void PrintTo(TokenError error, std::ostream* os) {
  *os << describe(error);
}

namespace {

using testing::FakeClock;
using testing::kStartMillis;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";  // 37 bytes
constexpr long kStartSeconds = static_cast<long>(kStartMillis / 1000);

// [SECTION] Helpers: tokens made with libjwt or by hand

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

// Encodes a token with `alg` and `key` (empty for none) after `add_claims`
// has filled in the grants.
std::string make_token(jwt_alg_t alg, const std::string& key,
                       const std::function<void(jwt_t*)>& add_claims) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  std::unique_ptr<jwt_t, JwtFree> jwt(raw);
  add_claims(jwt.get());
  const auto* key_data = key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data());
  if (jwt_set_alg(jwt.get(), alg, key_data, static_cast<int>(key.size())) != 0) {
    throw std::runtime_error("jwt_set_alg failed");
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  std::free(encoded);
  return token;
}

// sub "7", name "alice", exp an hour after the fake clock's start.
void valid_claims(jwt_t* jwt) {
  jwt_add_grant(jwt, "sub", "7");
  jwt_add_grant(jwt, "name", "alice");
  jwt_add_grant_int(jwt, "exp", kStartSeconds + 3600);
}

std::string base64url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

// header.payload.signature with an HMAC-SHA256 signature over the first two.
std::string hand_signed_hs256(const std::string& header_json, const std::string& payload_json,
                              const std::string& key) {
  const std::string signing_input = base64url(header_json) + "." + base64url(payload_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_len);
  return signing_input + "." + base64url(std::string(reinterpret_cast<char*>(mac), mac_len));
}

std::string valid_payload_json() {
  return R"({"sub":"7","name":"alice","exp":)" + std::to_string(kStartSeconds + 3600) + "}";
}

struct RsaKeyPair {
  std::string public_pem;
  std::string private_pem;
};

std::string drain(BIO* bio) {
  std::string out(BIO_ctrl_pending(bio), '\0');
  const int n = BIO_read(bio, out.data(), static_cast<int>(out.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

// One 2048-bit key pair for the whole binary: generating it is the slow part.
const RsaKeyPair& rsa_key_pair() {
  static const RsaKeyPair pair = [] {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    if (!key) throw std::runtime_error("EVP_RSA_gen failed");
    std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), BIO_free);
    if (PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1 ||
        PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1) {
      throw std::runtime_error("PEM_write_bio failed");
    }
    return RsaKeyPair{drain(pub.get()), drain(priv.get())};
  }();
  return pair;
}

// A service with our HS256 secret only, on a clock the test moves.
struct Harness {
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
  TokenService tokens{kSecret, clock};
};

// [SECTION] Construction and round trip

TEST(TokenService, ConstructorRejectsSecretsUnder32Bytes) {
  auto clock = std::make_shared<FakeClock>();
  EXPECT_THROW(TokenService(std::string(31, 'k'), clock), std::invalid_argument);
  EXPECT_THROW(TokenService("", clock), std::invalid_argument);
  EXPECT_NO_THROW(TokenService(std::string(32, 'k'), clock));
}

TEST(TokenService, IssueThenVerifyRoundTrips) {
  Harness h;
  const std::string token = h.tokens.issue(42, "alice", std::chrono::hours(12));
  const auto claims = h.tokens.verify(token);
  ASSERT_TRUE(claims) << describe(claims.error());
  EXPECT_EQ(claims->user, 42);
  EXPECT_EQ(claims->username, "alice");
  EXPECT_EQ(claims->expires_at, kStartMillis + 12 * 3600 * 1000);
}

TEST(TokenService, RoundTripsUnicodeUsername) {
  Harness h;
  const auto claims = h.tokens.verify(h.tokens.issue(3, "J\xC3\xBCrgen", std::chrono::minutes(5)));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->username, "J\xC3\xBCrgen");
}

TEST(TokenService, AcceptsTokenWithoutNbf) {
  Harness h;
  const auto claims = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, valid_claims));
  ASSERT_TRUE(claims) << describe(claims.error());
  EXPECT_EQ(claims->user, 7);
  EXPECT_EQ(claims->expires_at, kStartMillis + 3600 * 1000);
}

TEST(TokenService, DescribeNamesEveryError) {
  const std::vector<TokenError> errors{TokenError::Malformed, TokenError::WrongAlgorithm,
                                       TokenError::BadSignature, TokenError::Expired,
                                       TokenError::NotYetValid};
  for (std::size_t i = 0; i < errors.size(); ++i) {
    EXPECT_FALSE(describe(errors[i]).empty());
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(describe(errors[i]), describe(errors[j]));
  }
}

// [SECTION] The algorithm pin

TEST(TokenService, RejectsAlgNone) {
  Harness h;
  const std::string unsigned_token = make_token(JWT_ALG_NONE, "", valid_claims);
  const auto result = h.tokens.verify(unsigned_token);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::WrongAlgorithm);

  // The same with a signature attached, and with other spellings of none.
  for (const std::string header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None"})",
                                   R"({"alg":"NONE"})", R"({"alg":""})"}) {
    const std::string token = hand_signed_hs256(header, valid_payload_json(), kSecret);
    const auto r = h.tokens.verify(token);
    ASSERT_FALSE(r) << header;
    EXPECT_EQ(r.error(), TokenError::WrongAlgorithm) << header;
  }
}

TEST(TokenService, RejectsHs512SignedWithSameSecret) {
  Harness h;
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS512, kSecret, valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::WrongAlgorithm);
}

TEST(TokenService, RejectsHs384SignedWithSameSecret) {
  Harness h;
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS384, kSecret, valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::WrongAlgorithm);
}

TEST(TokenService, RejectsRs256WhenNoPublicKeyConfigured) {
  Harness h;
  const auto result =
      h.tokens.verify(make_token(JWT_ALG_RS256, rsa_key_pair().private_pem, valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::WrongAlgorithm);
}

TEST(TokenService, AcceptsRs256SignedWithPrivateKeyWhenPublicKeyConfigured) {
  const TokenService tokens(kSecret, std::make_shared<FakeClock>(), rsa_key_pair().public_pem);
  const auto claims =
      tokens.verify(make_token(JWT_ALG_RS256, rsa_key_pair().private_pem, valid_claims));
  ASSERT_TRUE(claims) << describe(claims.error());
  EXPECT_EQ(claims->user, 7);
  EXPECT_EQ(claims->username, "alice");
  // Our own HS256 tokens still verify beside the identity provider's.
  EXPECT_TRUE(tokens.verify(tokens.issue(8, "bob", std::chrono::hours(1))));
}

TEST(TokenService, RejectsRs256SignedWithAnotherKey) {
  const TokenService tokens(kSecret, std::make_shared<FakeClock>(), rsa_key_pair().public_pem);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> other(EVP_RSA_gen(1024), EVP_PKEY_free);
  ASSERT_TRUE(other);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), other.get(), nullptr, nullptr, 0, nullptr, nullptr),
            1);
  const auto result = tokens.verify(make_token(JWT_ALG_RS256, drain(bio.get()), valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::BadSignature);
}

TEST(TokenService, RejectsAlgorithmConfusionWithPublicKeyAsHmacSecret) {
  const std::string& public_pem = rsa_key_pair().public_pem;
  const TokenService tokens(kSecret, std::make_shared<FakeClock>(), public_pem);
  const auto result = tokens.verify(make_token(JWT_ALG_HS256, public_pem, valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::BadSignature);
}

TEST(TokenService, RejectsAlgorithmConfusionHiddenInDuplicateAlgMember) {
  // We read the first "alg" (RS256, so the public key is chosen); libjwt's
  // JSON parser keeps the last (HS256) and would HMAC with the PEM bytes.
  const std::string& public_pem = rsa_key_pair().public_pem;
  const TokenService tokens(kSecret, std::make_shared<FakeClock>(), public_pem);
  for (const std::string header :
       {R"({"alg":"RS256","alg":"HS256"})", R"({"alg":"HS256","alg":"RS256"})"}) {
    const auto result = tokens.verify(hand_signed_hs256(header, valid_payload_json(), public_pem));
    EXPECT_FALSE(result) << header;
  }
}

// [SECTION] Time checks

TEST(TokenService, RejectsExpiredToken) {
  Harness h;
  const std::string token = h.tokens.issue(1, "alice", std::chrono::seconds(60));
  h.clock->set(kStartMillis + 59'999);
  EXPECT_TRUE(h.tokens.verify(token));
  h.clock->set(kStartMillis + 60'000);  // exp itself is already too late
  auto result = h.tokens.verify(token);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::Expired);
  h.clock->set(kStartMillis + 24 * 3600 * 1000);
  result = h.tokens.verify(token);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::Expired);
}

TEST(TokenService, CachedVerificationStillExpires) {
  Harness h;
  const std::string token = h.tokens.issue(5, "carol", std::chrono::hours(1));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.tokens.verify(token));  // now served from the cache
  h.clock->set(kStartMillis + 3600 * 1000);
  const auto result = h.tokens.verify(token);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::Expired);
  // A rejected token is not cached as good either.
  EXPECT_FALSE(h.tokens.verify(token));
}

TEST(TokenService, RejectsNotYetValidToken) {
  Harness h;
  const std::string token = h.tokens.issue(1, "alice", std::chrono::hours(1));
  h.clock->set(kStartMillis - 1000);
  const auto result = h.tokens.verify(token);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::NotYetValid);
  h.clock->set(kStartMillis);
  EXPECT_TRUE(h.tokens.verify(token));
}

// [SECTION] Claims, signatures and garbage

TEST(TokenService, RejectsMissingExpAsMalformed) {
  Harness h;
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [](jwt_t* jwt) {
    jwt_add_grant(jwt, "sub", "7");
    jwt_add_grant(jwt, "name", "alice");
  }));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::Malformed);
}

TEST(TokenService, RejectsNonNumericExpAsMalformed) {
  Harness h;
  for (const std::string exp : {R"("9999999999")", "true", "null"}) {
    const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [&](jwt_t* jwt) {
      jwt_add_grant(jwt, "sub", "7");
      jwt_add_grant(jwt, "name", "alice");
      jwt_add_grants_json(jwt, (R"({"exp":)" + exp + "}").c_str());
    }));
    ASSERT_FALSE(result) << exp;
    EXPECT_EQ(result.error(), TokenError::Malformed) << exp;
  }
}

TEST(TokenService, AcceptsFractionalExpLikeRfc7519NumericDate) {
  Harness h;
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [](jwt_t* jwt) {
    jwt_add_grant(jwt, "sub", "7");
    jwt_add_grant(jwt, "name", "alice");
    jwt_add_grants_json(jwt, R"({"exp":9999999999.5})");
  }));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->expires_at, 9999999999500);
}

TEST(TokenService, RejectsNonIntegerNbf) {
  Harness h;
  const std::string future = std::to_string(kStartSeconds + 600);
  for (const std::string& nbf : {future + ".5", "\"" + future + "\""}) {
    const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [&](jwt_t* jwt) {
      valid_claims(jwt);
      jwt_add_grants_json(jwt, (R"({"nbf":)" + nbf + "}").c_str());
    }));
    EXPECT_FALSE(result) << nbf;
  }
}

TEST(TokenService, RejectsMissingNameAsMalformed) {
  Harness h;
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [](jwt_t* jwt) {
    jwt_add_grant(jwt, "sub", "7");
    jwt_add_grant_int(jwt, "exp", kStartSeconds + 3600);
  }));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::Malformed);
}

TEST(TokenService, RejectsTokenSignedWithOtherSecret) {
  Harness h;
  const std::string other = "another-secret-that-is-long-enough-too";
  const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, other, valid_claims));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::BadSignature);
}

TEST(TokenService, RejectsTamperedPayload) {
  Harness h;
  const std::string token = h.tokens.issue(1, "alice", std::chrono::hours(1));
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  const std::string forged_payload = base64url(R"({"sub":"2","name":"mallory","exp":)" +
                                               std::to_string(kStartSeconds + 3600) + "}");
  const std::string forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
  const auto result = h.tokens.verify(forged);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), TokenError::BadSignature);
}

TEST(TokenService, RejectsGarbage) {
  Harness h;
  for (const std::string garbage :
       {"", "not-a-token", ".", "..", "a.b.c", "!!!.???.###", "eyJhbGciOiJIUzI1NiJ9",
        "eyJhbGciOiJIUzI1NiJ9..", "eyJhbGciOiJIUzI1NiJ9.e30.", "bnVsbA.e30.sig"}) {
    EXPECT_FALSE(h.tokens.verify(garbage)) << garbage;
  }
  for (const std::string garbage : {"", "not-a-token", "a.b.c", "bnVsbA.e30.sig"}) {
    const auto result = h.tokens.verify(garbage);
    ASSERT_FALSE(result) << garbage;
    EXPECT_EQ(result.error(), TokenError::Malformed) << garbage;
  }
  // A whole token followed by junk does not verify either.
  const std::string token = h.tokens.issue(1, "alice", std::chrono::hours(1));
  EXPECT_FALSE(h.tokens.verify(token + "x"));
  EXPECT_FALSE(h.tokens.verify(token + ".x"));
}

TEST(TokenService, RejectsSubThatIsNotAPositiveInteger) {
  Harness h;
  for (const std::string sub : {"0", "-1", "abc", "12abc", "", "1.5", "99999999999999999999"}) {
    const auto result = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [&](jwt_t* jwt) {
      jwt_add_grant(jwt, "sub", sub.c_str());
      jwt_add_grant(jwt, "name", "alice");
      jwt_add_grant_int(jwt, "exp", kStartSeconds + 3600);
    }));
    ASSERT_FALSE(result) << "sub=" << sub;
    EXPECT_EQ(result.error(), TokenError::Malformed) << "sub=" << sub;
  }
  // A number rather than a string is not accepted either.
  const auto numeric = h.tokens.verify(make_token(JWT_ALG_HS256, kSecret, [](jwt_t* jwt) {
    jwt_add_grant_int(jwt, "sub", 7);
    jwt_add_grant(jwt, "name", "alice");
    jwt_add_grant_int(jwt, "exp", kStartSeconds + 3600);
  }));
  ASSERT_FALSE(numeric);
  EXPECT_EQ(numeric.error(), TokenError::Malformed);
}

}  // namespace
}  // namespace dashboard::server::auth
