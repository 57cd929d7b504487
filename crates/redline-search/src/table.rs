//! Sweep rows as files: CSV (always) and Parquet (cargo feature `parquet`), written as they
//! stream, and the merge of shard files.
//!
//! Floats are written with Rust's shortest round-trip formatting, so the same rows give the
//! same bytes. Shards cover contiguous index ranges, so merging is a k-way merge by index
//! that never holds more than one row per input.

use std::io::{Read, Write};

use crate::SearchError;
use crate::sweep::Row;

/// Column names, in order.
pub const COLUMNS: [&str; 21] = [
    "index",
    "dies",
    "die_area_mm2",
    "applicable_area_mm2",
    "bf16_tflops",
    "fp8_tflops",
    "tpp",
    "performance_density",
    "memory_type",
    "memory_units",
    "memory_unit_gb",
    "memory_speed",
    "memory_bandwidth_gbs",
    "memory_capacity_gb",
    "chip_to_chip_gbs",
    "host_gbs",
    "datacenter",
    "tdp_w",
    "price_usd",
    "allowed",
    "objective",
];

fn io(e: impl std::fmt::Display) -> SearchError {
    SearchError::Io(e.to_string())
}

/// The CSV fields of a row.
#[must_use]
pub fn fields(r: &Row) -> Vec<String> {
    let d = &r.design;
    vec![
        d.index.to_string(),
        d.dies.to_string(),
        d.die_area_mm2.to_string(),
        d.applicable_area_mm2().to_string(),
        d.bf16_tflops.to_string(),
        d.fp8_tflops.to_string(),
        d.tpp.to_string(),
        d.performance_density.to_string(),
        d.memory_type.clone(),
        d.memory_units.to_string(),
        d.memory_unit_gb.to_string(),
        d.memory_speed.to_string(),
        d.memory_bandwidth_gbs.to_string(),
        d.memory_capacity_gb.to_string(),
        d.chip_to_chip_gbs.to_string(),
        d.host_gbs.to_string(),
        d.datacenter.to_string(),
        d.tdp_w.to_string(),
        d.price_usd.to_string(),
        r.allowed.to_string(),
        r.objective.map(|o| o.to_string()).unwrap_or_default(),
    ]
}

/// Writes rows as CSV as they come.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    /// Rows written.
    pub rows: u64,
}

impl<W: Write> CsvSink<W> {
    /// A sink writing the header first.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn new(out: W) -> Result<CsvSink<W>, SearchError> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(COLUMNS).map_err(io)?;
        Ok(CsvSink { writer, rows: 0 })
    }

    /// Writes rows.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn write(&mut self, rows: &[Row]) -> Result<(), SearchError> {
        for r in rows {
            self.writer.write_record(fields(r)).map_err(io)?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Writes raw records (for merging).
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn write_record(&mut self, record: &csv::StringRecord) -> Result<(), SearchError> {
        self.writer.write_record(record).map_err(io)?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Panics
    /// When the final flush fails (use [`CsvSink::finish`] to see the error).
    #[must_use]
    pub fn into_inner(self) -> W {
        self.writer.into_inner().map_err(|e| e.to_string()).expect("flush")
    }

    /// Flushes.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn finish(mut self) -> Result<u64, SearchError> {
        self.writer.flush().map_err(io)?;
        Ok(self.rows)
    }
}

/// What a merge found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct MergeSummary {
    /// Input files.
    pub inputs: usize,
    /// Rows written.
    pub rows: u64,
    /// Rows meeting the constraint.
    pub allowed: u64,
    /// The best allowed row: its fields by column name.
    pub best: Option<std::collections::BTreeMap<String, String>>,
}

/// Merges shard CSV files (each sorted by index, as `redline frontier --shard` writes them)
/// into one, in index order, streaming. Identical duplicate rows are written once; rows that
/// share an index but differ are an error (shards of different sweeps).
///
/// `out` receives each merged record (a CSV writer, a Parquet writer, or both).
///
/// # Errors
/// [`SearchError::Input`] for a wrong header or mixed sweeps, [`SearchError::Io`] otherwise.
pub fn merge(
    inputs: Vec<(String, Box<dyn Read>)>,
    out: &mut dyn FnMut(&csv::StringRecord) -> Result<(), SearchError>,
) -> Result<MergeSummary, SearchError> {
    let mut readers = Vec::new();
    for (name, r) in inputs {
        let mut rd = csv::Reader::from_reader(r);
        let header = rd.headers().map_err(io)?.clone();
        if header.iter().collect::<Vec<_>>() != COLUMNS {
            return Err(SearchError::Input(format!("{name}: not a `redline frontier` CSV (header differs)")));
        }
        readers.push((name, rd.into_records()));
    }
    let mut summary = MergeSummary { inputs: readers.len(), ..MergeSummary::default() };
    let parse_index = |name: &str, rec: &csv::StringRecord| -> Result<u64, SearchError> {
        rec.get(0)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| SearchError::Input(format!("{name}: a row without a numeric index")))
    };
    let mut heads: Vec<Option<(u64, csv::StringRecord)>> = Vec::new();
    for (name, it) in &mut readers {
        let head = match it.next() {
            Some(r) => {
                let r = r.map_err(io)?;
                Some((parse_index(name, &r)?, r))
            }
            None => None,
        };
        heads.push(head);
    }
    let mut last: Option<(u64, csv::StringRecord)> = None;
    let mut best: Option<(f64, u64, csv::StringRecord)> = None;
    while let Some(k) = (0..heads.len()).filter(|k| heads[*k].is_some()).min_by_key(|k| heads[*k].as_ref().map(|h| h.0))
    {
        let (idx, rec) = heads[k].take().unwrap_or_else(|| unreachable!());
        let (name, it) = &mut readers[k];
        if let Some(next) = it.next() {
            let next = next.map_err(io)?;
            let ni = parse_index(name, &next)?;
            if ni <= idx {
                return Err(SearchError::Input(format!("{name}: rows are not in index order at index {ni}")));
            }
            heads[k] = Some((ni, next));
        }
        if let Some((li, lr)) = &last
            && *li == idx
        {
            if *lr != rec {
                return Err(SearchError::Input(format!(
                    "two inputs disagree on design {idx}: shards of different sweeps?"
                )));
            }
            continue;
        }
        out(&rec)?;
        summary.rows += 1;
        if rec.get(19) == Some("true") {
            summary.allowed += 1;
            if let Some(o) = rec.get(20).and_then(|s| s.parse::<f64>().ok())
                && best.as_ref().is_none_or(|(b, bi, _)| o > *b || (o == *b && idx < *bi))
            {
                best = Some((o, idx, rec.clone()));
            }
        }
        last = Some((idx, rec));
    }
    summary.best =
        best.map(|(_, _, r)| COLUMNS.iter().map(|c| c.to_string()).zip(r.iter().map(String::from)).collect());
    Ok(summary)
}

#[cfg(feature = "parquet")]
pub use self::parquet_out::ParquetSink;

#[cfg(feature = "parquet")]
mod parquet_out {
    //! Parquet output through arrow's writer, one record batch per sink call.
    use std::io::Write;
    use std::sync::Arc;

    use arrow_array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray, UInt32Array, UInt64Array};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;

    use super::{COLUMNS, io};
    use crate::SearchError;
    use crate::sweep::Row;

    fn schema() -> Arc<Schema> {
        let ty = |c: &str| match c {
            "index" => DataType::UInt64,
            "dies" | "memory_units" => DataType::UInt32,
            "memory_type" => DataType::Utf8,
            "datacenter" | "allowed" => DataType::Boolean,
            _ => DataType::Float64,
        };
        Arc::new(Schema::new(COLUMNS.iter().map(|c| Field::new(*c, ty(c), *c == "objective")).collect::<Vec<_>>()))
    }

    /// Writes rows as Parquet as they come.
    pub struct ParquetSink<W: Write + Send> {
        writer: ArrowWriter<W>,
        schema: Arc<Schema>,
        /// Rows written.
        pub rows: u64,
    }

    impl<W: Write + Send> ParquetSink<W> {
        /// A new sink.
        ///
        /// # Errors
        /// [`SearchError::Io`].
        pub fn new(out: W) -> Result<ParquetSink<W>, SearchError> {
            let schema = schema();
            let writer = ArrowWriter::try_new(out, schema.clone(), None).map_err(io)?;
            Ok(ParquetSink { writer, schema, rows: 0 })
        }

        /// Writes rows (one record batch).
        ///
        /// # Errors
        /// [`SearchError::Io`].
        pub fn write(&mut self, rows: &[Row]) -> Result<(), SearchError> {
            if rows.is_empty() {
                return Ok(());
            }
            let records: Vec<csv::StringRecord> =
                rows.iter().map(|r| csv::StringRecord::from(super::fields(r))).collect();
            self.write_records(&records)
        }

        /// Writes CSV-shaped records (for merging).
        ///
        /// # Errors
        /// [`SearchError::Io`] or a malformed field.
        pub fn write_records(&mut self, records: &[csv::StringRecord]) -> Result<(), SearchError> {
            if records.is_empty() {
                return Ok(());
            }
            let bad = |c: &str| SearchError::Input(format!("column {c}: not a number"));
            let mut columns: Vec<ArrayRef> = Vec::new();
            for (k, c) in COLUMNS.iter().enumerate() {
                let col = records.iter().map(|r| r.get(k).unwrap_or(""));
                let array: ArrayRef = match self.schema.field(k).data_type() {
                    DataType::UInt64 => Arc::new(UInt64Array::from(
                        col.map(|s| s.parse::<u64>().map_err(|_| bad(c))).collect::<Result<Vec<_>, _>>()?,
                    )),
                    DataType::UInt32 => Arc::new(UInt32Array::from(
                        col.map(|s| s.parse::<u32>().map_err(|_| bad(c))).collect::<Result<Vec<_>, _>>()?,
                    )),
                    DataType::Utf8 => Arc::new(StringArray::from(col.collect::<Vec<_>>())),
                    DataType::Boolean => Arc::new(BooleanArray::from(col.map(|s| s == "true").collect::<Vec<_>>())),
                    _ => Arc::new(Float64Array::from(
                        col.map(
                            |s| if s.is_empty() { Ok(None) } else { s.parse::<f64>().map(Some).map_err(|_| bad(c)) },
                        )
                        .collect::<Result<Vec<_>, _>>()?,
                    )),
                };
                columns.push(array);
            }
            let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(io)?;
            self.writer.write(&batch).map_err(io)?;
            self.rows += records.len() as u64;
            Ok(())
        }

        /// Closes the file.
        ///
        /// # Errors
        /// [`SearchError::Io`].
        pub fn finish(self) -> Result<u64, SearchError> {
            self.writer.close().map_err(io)?;
            Ok(self.rows)
        }
    }
}

/// A file of sweep rows: CSV, or Parquet when the path ends in `.parquet` (builds with the
/// `parquet` feature only).
pub enum FileSink {
    /// CSV.
    Csv(CsvSink<std::io::BufWriter<std::fs::File>>),
    /// Parquet, with records buffered into batches.
    #[cfg(feature = "parquet")]
    Parquet(ParquetSink<std::io::BufWriter<std::fs::File>>, Vec<csv::StringRecord>),
}

/// Whether this build writes Parquet.
pub const PARQUET: bool = cfg!(feature = "parquet");

impl FileSink {
    /// Creates the file; the extension picks the format.
    ///
    /// # Errors
    /// [`SearchError::Input`] for `.parquet` in a build without the feature;
    /// [`SearchError::Io`] when the file cannot be created.
    pub fn create(path: &std::path::Path) -> Result<FileSink, SearchError> {
        let parquet = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if parquet && !PARQUET {
            return Err(SearchError::Input(
                "this build has no Parquet output: rebuild with `cargo build --release -p redline --features redline-search/parquet`, or write .csv".into(),
            ));
        }
        let file = std::fs::File::create(path)
            .map_err(|e| SearchError::Io(format!("cannot write {}: {e}", path.display())))?;
        let w = std::io::BufWriter::new(file);
        #[cfg(feature = "parquet")]
        if parquet {
            return Ok(FileSink::Parquet(ParquetSink::new(w)?, Vec::new()));
        }
        Ok(FileSink::Csv(CsvSink::new(w)?))
    }

    /// Writes rows.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn rows(&mut self, rows: &[Row]) -> Result<(), SearchError> {
        match self {
            FileSink::Csv(s) => s.write(rows),
            #[cfg(feature = "parquet")]
            FileSink::Parquet(s, _) => s.write(rows),
        }
    }

    /// Writes one merged record.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn record(&mut self, record: &csv::StringRecord) -> Result<(), SearchError> {
        match self {
            FileSink::Csv(s) => s.write_record(record),
            #[cfg(feature = "parquet")]
            FileSink::Parquet(s, buf) => {
                buf.push(record.clone());
                if buf.len() >= 65_536 {
                    s.write_records(buf)?;
                    buf.clear();
                }
                Ok(())
            }
        }
    }

    /// Flushes and closes; returns the rows written.
    ///
    /// # Errors
    /// [`SearchError::Io`].
    pub fn finish(self) -> Result<u64, SearchError> {
        match self {
            FileSink::Csv(s) => s.finish(),
            #[cfg(feature = "parquet")]
            FileSink::Parquet(mut s, buf) => {
                s.write_records(&buf)?;
                s.finish()
            }
        }
    }
}
