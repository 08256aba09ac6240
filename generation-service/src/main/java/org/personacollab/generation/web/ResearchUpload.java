package org.personacollab.generation.web;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.personacollab.generation.domain.ResearchRejected;
import org.personacollab.generation.research.NamedContent;
import org.personacollab.generation.research.ResearchLimits;
import org.personacollab.platform.web.ApiException;
import org.personacollab.protocol.ErrorCode;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@code multipart/form-data} generation request, read as the bytes arrive: one or more parts
 * named {@code files} (each with its file name, which may be a relative path such as {@code
 * transcripts/p02.txt}) and optional form fields {@code count}, {@code provider}, {@code model}.
 *
 * <p>The limits are checked on the stream, not after it: the part that makes the request exceed
 * {@link ResearchLimits#maxFiles()}, {@link ResearchLimits#maxFileBytes()} or {@link
 * ResearchLimits#maxTotalBytes()} ends the read with 413 {@code research_too_many_files}, {@code
 * research_file_too_large} or {@code research_too_large}, so a client sending a gigabyte is stopped
 * after the first few megabytes and nothing is kept. Here every file part counts, whatever its
 * extension (its bytes had to be received); the loader then applies its own rules to what was
 * kept. Any other part, a repeated field, a file part without a file name or a request without
 * files is 400 {@code validation_failed}.
 */
final class ResearchUpload {
  static final String FILES = "files";
  static final Set<String> FIELDS = Set.of("count", "provider", "model");
  private static final int MAX_FIELD_CHARS = 200;

  /** What was uploaded: the files in the order they came, and the form fields. */
  record Upload(List<NamedContent> files, Map<String, String> fields) {}

  private ResearchUpload() {}

  /** Reads {@code parts} whole, or fails at the first part over a limit (see the class comment). */
  static Mono<Upload> read(Flux<PartEvent> parts, ResearchLimits limits) {
    return Mono.defer(
        () -> {
          Reader reader = new Reader(limits);
          return parts
              .doOnNext(
                  event -> {
                    try {
                      reader.accept(event);
                    } finally {
                      DataBufferUtils.release(event.content());
                    }
                  })
              .doOnDiscard(PartEvent.class, event -> DataBufferUtils.release(event.content()))
              .then(Mono.fromCallable(reader::finish));
        });
  }

  /** The state of one read; events of one request come one at a time, in order. */
  private static final class Reader {
    private final ResearchLimits limits;
    private final List<NamedContent> files = new ArrayList<>();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private @Nullable String currentName;
    private @Nullable ByteArrayOutputStream current;
    private long total;

    Reader(ResearchLimits limits) {
      this.limits = limits;
    }

    void accept(PartEvent event) {
      if (event instanceof FormPartEvent form) {
        field(form);
      } else if (event instanceof FilePartEvent file) {
        file(file);
      } else {
        throw invalid("part \"" + event.name() + "\" is neither a file nor a form field; send the research as"
            + " parts named \"files\" with their file names");
      }
    }

    private void field(FormPartEvent form) {
      String name = form.name();
      if (FILES.equals(name)) {
        throw invalid("part \"files\" has no file name; send each file with its file name");
      }
      if (!FIELDS.contains(name)) {
        throw invalid("unknown field \"" + name + "\"; expected files, count, provider or model");
      }
      if (fields.containsKey(name)) {
        throw invalid("field \"" + name + "\" is given twice");
      }
      if (form.value().length() > MAX_FIELD_CHARS) {
        throw invalid("field \"" + name + "\" is longer than " + MAX_FIELD_CHARS + " characters");
      }
      fields.put(name, form.value().strip());
    }

    private void file(FilePartEvent event) {
      if (current == null) {
        if (!FILES.equals(event.name())) {
          throw invalid("file part \"" + event.name() + "\" is not expected; name every file part \"files\"");
        }
        String filename = event.filename();
        if (filename == null || filename.isBlank()) {
          throw invalid("a part \"files\" has no file name; send each file with its file name");
        }
        if (files.size() + 1 > limits.maxFiles()) {
          throw new ResearchRejected(ErrorCode.RESEARCH_TOO_MANY_FILES,
              "More than " + limits.maxFiles() + " files given; at most " + limits.maxFiles() + " are allowed.", List.of());
        }
        currentName = filename;
        current = new ByteArrayOutputStream();
      }
      DataBuffer content = event.content();
      int n = content.readableByteCount();
      if ((long) current.size() + n > limits.maxFileBytes()) {
        throw new ResearchRejected(ErrorCode.RESEARCH_FILE_TOO_LARGE,
            currentName + " has more than " + limits.maxFileBytes() + " bytes, the most allowed for one file.", List.of());
      }
      total += n;
      if (total > limits.maxTotalBytes()) {
        throw new ResearchRejected(ErrorCode.RESEARCH_TOO_LARGE,
            "The files hold more than " + limits.maxTotalBytes() + " bytes together, the most allowed.", List.of());
      }
      byte[] bytes = new byte[n];
      content.read(bytes);
      current.writeBytes(bytes);
      if (event.isLast()) {
        files.add(new NamedContent(currentName, current.toByteArray()));
        current = null;
        currentName = null;
      }
    }

    Upload finish() {
      if (current != null) {
        throw invalid("the request ended inside file " + currentName);
      }
      if (files.isEmpty()) {
        throw invalid("no research files; send one or more parts named \"files\" with their file names");
      }
      return new Upload(List.copyOf(files), Map.copyOf(fields));
    }

    private static ApiException invalid(String detail) {
      return new ApiException(ErrorCode.VALIDATION_FAILED, "Multipart request: " + detail + ".");
    }
  }
}
