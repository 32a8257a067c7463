#include "app/sealer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

namespace relais::app {
namespace {

std::string temp_key_path() {
  std::random_device rd;
  return (std::filesystem::temp_directory_path() /
          ("relais-sealer-" + std::to_string(rd()) + ".key"))
      .string();
}

TEST(Sealer, BindsAValueToItsContext) {
  const Sealer s = Sealer::with_key({1});
  const std::string sealed = s.seal("Zaïnab", "residents.first_name:7");
  EXPECT_EQ(s.open(sealed, "residents.first_name:7"), "Zaïnab");
  // Copied onto another row, or read as another column, it does not open.
  EXPECT_FALSE(s.open(sealed, "residents.first_name:8"));
  EXPECT_FALSE(s.open(sealed, "residents.contact:7"));
  EXPECT_FALSE(s.open(sealed));
}

TEST(Sealer, OpensWithAnyKeyOfItsRingAndSealsWithTheFirst) {
  const Sealer old_key = Sealer::with_key({1});
  const Sealer ring = Sealer::with_keys({{2}, {1}});
  const std::string before = old_key.seal("12345678");
  EXPECT_EQ(ring.open(before), "12345678");
  EXPECT_FALSE(ring.sealed_with_current(before));
  const std::string after = ring.seal("12345678");
  EXPECT_TRUE(ring.sealed_with_current(after));
  EXPECT_FALSE(old_key.open(after));
}

TEST(Sealer, ReadsItsKeyFileAgainWhenAValueOpensWithNoneOfItsKeys) {
  const std::string path = temp_key_path();
  const Sealer server = Sealer::from_key_file(path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string old_value = server.seal("old");
  // Another process (relais keys rotate) puts a new key first.
  std::vector<Key> ring = read_key_file(path);
  ring.insert(ring.begin(), Key{9});
  write_key_file(path, ring);
  const Sealer rotator = Sealer::from_key_file(path);
  const std::string new_value = rotator.seal("new");
  EXPECT_EQ(server.open(new_value), "new");  // read the file at once
  EXPECT_EQ(server.open(old_value), "old");
  EXPECT_TRUE(server.sealed_with_current(server.seal("x")));
  // The old key leaves: what it sealed no longer opens.
  write_key_file(path, {Key{9}});
  server.reload();
  EXPECT_FALSE(server.open(old_value));
  EXPECT_EQ(server.open(new_value), "new");
  std::filesystem::remove(path);
}

TEST(Sealer, RefusesAKeyFileThatIsNotAListOfKeys) {
  const std::string path = temp_key_path();
  write_key_file(path, {Key{1}});
  std::filesystem::resize_file(path, 33);
  EXPECT_THROW(read_key_file(path), std::runtime_error);
  EXPECT_THROW(Sealer::from_key_file(path), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace relais::app
