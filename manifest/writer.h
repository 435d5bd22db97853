// Serialisation of the model to playlist text. The output is canonical: header tags in a
// fixed order, attribute lists as stored, floats in their shortest exact form, "\n" line
// ends. Writing then parsing gives back an equal model.
#pragma once

#include <string>

#include "manifest/playlist.h"

namespace manifest {

std::string write(const Playlist& playlist);
std::string write(const MediaPlaylist& playlist);
std::string write(const MasterPlaylist& playlist);
// Appends to `out`, for callers that reuse a buffer.
void write_to(const MediaPlaylist& playlist, std::string& out);
void write_to(const MasterPlaylist& playlist, std::string& out);

}  // namespace manifest
